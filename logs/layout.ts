import { InputError, LoggingConfig } from "../engine";

/** Where a source's log objects are, as far as their keys tell. */
export interface LogLocation {
    targetBucket: string;
    targetPrefix: string;
    keyFormat?: LoggingConfig["keyFormat"];
    source: { bucket: string; accountId: string; region: string };
}

/** A listing: the keys under `prefix`, from `startAfter` on. */
export interface KeyRange {
    prefix: string;
    startAfter?: string;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** `YYYY-MM-DD-hh-mm-ss`, the time stamp that starts a log object's file name. */
export function keyStamp(t: Date): string {
    return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}-${pad(t.getUTCHours())}-${pad(t.getUTCMinutes())}-${pad(t.getUTCSeconds())}`;
}

function dayPath(t: Date): string {
    return `${t.getUTCFullYear()}/${pad(t.getUTCMonth() + 1)}/${pad(t.getUTCDate())}/`;
}

/**
 * The key ranges that can hold log objects written since `since`. Simple keys start with their
 * time stamp, so one range starting after `since` covers them. Partitioned keys carry the
 * date in the path: one range per day, the first starting after `since` when keys carry the
 * delivery time (with EventTime, every key of a day is stamped 00:00:00: its whole day).
 */
export function rangesSince(location: LogLocation, since: Date, now: Date): KeyRange[] {
    const { targetPrefix: p, keyFormat, source } = location;
    if (keyFormat?.kind !== "partitioned") return [{ prefix: p, startAfter: `${p}${keyStamp(since)}` }];
    const base = `${p}${source.accountId}/${source.region}/${source.bucket}/`;
    const ranges: KeyRange[] = [];
    for (let day = new Date(Date.UTC(since.getUTCFullYear(), since.getUTCMonth(), since.getUTCDate())); day <= now; day = new Date(day.getTime() + 86_400_000)) {
        const prefix = `${base}${dayPath(day)}`;
        ranges.push(ranges.length === 0 && keyFormat.dateSource === "DeliveryTime" ? { prefix, startAfter: `${prefix}${keyStamp(since)}` } : { prefix });
    }
    return ranges;
}

/**
 * Whether the key of a log object listed in `range`: its name after the prefix is
 * `YYYY-mm-DD-HH-MM-SS-UniqueString`. A prefix without a trailing `/` also starts other
 * prefixes (`logs/app` → `logs/apps…`), and an empty one the whole bucket.
 */
export function isLogKey(range: KeyRange, key: string): boolean {
    return /^\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d-[^/]+$/.test(key.slice(range.prefix.length));
}

/**
 * Whether records of other buckets can share the prefix: only with simple keys under a prefix
 * that does not name the source as a folder (`logs/app/`; `app-logs/` may serve every bucket).
 * Then records are filtered by their bucket field.
 */
export function prefixIsShared(location: LogLocation): boolean {
    return location.keyFormat?.kind !== "partitioned" && !location.targetPrefix.split("/").slice(0, -1).includes(location.source.bucket);
}

/** Parses `30m`, `24h`, `7d` into milliseconds; `field` names the flag in errors. */
export function parseDuration(text: string, field: string): number {
    const match = /^(\d+)([mhd])$/.exec(text);
    if (!match || Number(match[1]) === 0) throw new InputError(field, `"${text}" is not a duration; write e.g. 30m, 24h or 7d.`);
    return Number(match[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as "m" | "h" | "d"];
}
