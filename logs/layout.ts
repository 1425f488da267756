import { InputError, LoggingConfig } from "../engine";

/** Where a source's log objects are, as far as their keys tell. */
export interface LogLocation {
    targetBucket: string;
    targetPrefix: string;
    keyFormat?: LoggingConfig["keyFormat"];
    source: { bucket: string; accountId: string; region: string };
}

/** A listing: the keys under `prefix` after `startAfter`; a log object's key goes on with `name`. */
export interface KeyRange {
    prefix: string;
    startAfter: string;
    /** What follows the prefix in a log object's key: other objects may share a prefix. */
    name: RegExp;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** `YYYY-MM-DD-hh-mm-ss`, the time stamp that starts a log object's file name. */
export function keyStamp(t: Date): string {
    return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}-${pad(t.getUTCHours())}-${pad(t.getUTCMinutes())}-${pad(t.getUTCSeconds())}`;
}

function dayPath(t: Date): string {
    return `${t.getUTCFullYear()}/${pad(t.getUTCMonth() + 1)}/${pad(t.getUTCDate())}/`;
}

const STAMPED = "\\d{4}-\\d\\d-\\d\\d-\\d\\d-\\d\\d-\\d\\d-[^/]+";
const SIMPLE_NAME = new RegExp(`^${STAMPED}$`);
const PARTITIONED_NAME = new RegExp(`^\\d{4}/\\d\\d/\\d\\d/${STAMPED}$`);

/** Whether the keys carry the day of their records (stamped 00:00:00), not the time of their delivery. */
export const isEventTime = (location: LogLocation) => location.keyFormat?.kind === "partitioned" && location.keyFormat.dateSource === "EventTime";

/**
 * The listing of the log objects written since `since`. Keys sort by time, so one listing from
 * just before `since` to the end holds them all, a call per page however long the window:
 * simple keys start with their time stamp; partitioned keys with the day, then the stamp — the
 * delivery time, or with EventTime the records' day at 00:00:00 (so that day is listed whole).
 */
export function rangeSince(location: LogLocation, since: Date): KeyRange {
    const { targetPrefix: p, keyFormat, source } = location;
    if (keyFormat?.kind !== "partitioned") return { prefix: p, startAfter: `${p}${keyStamp(since)}`, name: SIMPLE_NAME };
    const base = `${p}${source.accountId}/${source.region}/${source.bucket}/`;
    const day = `${base}${dayPath(since)}`;
    return { prefix: base, startAfter: isEventTime(location) ? day : `${day}${keyStamp(since)}`, name: PARTITIONED_NAME };
}

/**
 * Whether a key listed in `range` is a log object's. A prefix without a trailing `/` also
 * starts other prefixes (`logs/app` → `logs/apps…`), and an empty one the whole bucket.
 */
export function isLogKey(range: KeyRange, key: string): boolean {
    return key.startsWith(range.prefix) && range.name.test(key.slice(range.prefix.length));
}

/**
 * Whether records of other buckets can share the prefix: only with simple keys under a prefix
 * that does not name the source as a folder (`logs/app/`; `app-logs/` may serve every bucket).
 * Then records are filtered by their bucket field.
 */
export function prefixIsShared(location: LogLocation): boolean {
    return location.keyFormat?.kind !== "partitioned" && !location.targetPrefix.split("/").slice(0, -1).includes(location.source.bucket);
}

/** The longest span a Date can go back from now: 100,000,000 days (ECMAScript's time range). */
const MAX_SPAN_MS = 8.64e15;

/**
 * Parses `30m`, `24h`, `7d` into milliseconds; `field` names the flag in errors. A span longer
 * than a Date can go back is refused: the time it gives would be no time at all.
 */
export function parseDuration(text: string, field: string): number {
    const match = /^(\d+)([mhd])$/.exec(text);
    if (!match || Number(match[1]) === 0) throw new InputError(field, `"${text}" is not a duration; write e.g. 30m, 24h or 7d.`);
    const ms = Number(match[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as "m" | "h" | "d"];
    if (ms > MAX_SPAN_MS) throw new InputError(field, `"${text}" is too long; write e.g. 30m, 24h or 7d.`);
    return ms;
}
