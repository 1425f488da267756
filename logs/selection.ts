import { isIP } from "net";
import { checkList, InputError } from "../engine/inputs";
import { sqlString } from "./csvRead";
import { parseDuration } from "./layout";

/** Which records to keep; each unset criterion keeps everything. */
export interface Selection {
    since?: Date;
    until?: Date;
    /** Operations, `*` as a wildcard (`REST.DELETE.*`). */
    operations?: string[];
    /** Statuses: `404` or a class `4xx`. */
    statuses?: string[];
    /** Requesters, `*` as a wildcard (`arn:aws:iam::111111111111:*`). */
    requesters?: string[];
    /** Remote IPs, `*` as a wildcard (`10.0.*`). */
    ips?: string[];
    keyPrefix?: string;
    /** Records of other buckets share a simple prefix: keep only this bucket's. */
    bucket?: string;
}

const like = (column: string, patterns: string[]) =>
    `(${patterns.map((p) => `${column} LIKE ${sqlString(p.replace(/[\\%_]/g, (c) => `\\${c}`).replace(/\*/g, "%"))} ESCAPE '\\'`).join(" OR ")})`;

const iso = (t: Date) => t.toISOString().replace(/\.000Z$/, "Z");

/**
 * A SQL expression over the record columns: NULL for a selected record, else why it was
 * dropped (each reason names its flag, so the output can say how many and why).
 */
export function droppedSql(s: Selection): string {
    const reasons: [string, string][] = [];
    if (s.bucket !== undefined) reasons.push([`bucket_name IS DISTINCT FROM ${sqlString(s.bucket)}`, `of another bucket than ${s.bucket} (shared prefix)`]);
    if (s.since) reasons.push([`time < TIMESTAMP ${sqlString(s.since.toISOString())}`, `older than --since (${iso(s.since)})`]);
    if (s.until) reasons.push([`time >= TIMESTAMP ${sqlString(s.until.toISOString())}`, `at or after --until (${iso(s.until)})`]);
    if (s.operations) reasons.push([`NOT coalesce(${like("operation", s.operations)}, false)`, "not matching --operation"]);
    if (s.statuses) {
        const status = s.statuses.map((x) => (/^\dxx$/i.test(x) ? `httpstatus // 100 = ${x[0]}` : `httpstatus = ${Number(x)}`));
        reasons.push([`NOT coalesce(${status.join(" OR ")}, false)`, "not matching --status"]);
    }
    if (s.requesters) reasons.push([`NOT coalesce(${like("requester", s.requesters)}, false)`, "not matching --requester"]);
    if (s.ips) reasons.push([`NOT coalesce(${like("remoteip", s.ips)}, false)`, "not matching --ip"]);
    if (s.keyPrefix !== undefined) reasons.push([`NOT coalesce(starts_with(key, ${sqlString(s.keyPrefix)}), false)`, "not matching --key-prefix"]);
    if (reasons.length === 0) return "CAST(NULL AS VARCHAR)";
    return `CASE ${reasons.map(([when, why]) => `WHEN ${when} THEN ${sqlString(why)}`).join(" ")} END`;
}

/** `--since`/`--until`: a duration before now (`24h`) or a date/time (`2026-11-01`, `2026-11-01T12:00:00Z`). */
export function parseInstant(text: string, now: Date, flag: string): Date {
    if (/^\d+[mhd]$/.test(text)) return new Date(now.getTime() - parseDuration(text, flag));
    const date = /^\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)?)?$/.test(text) ? new Date(/T.*(Z|[+-]\d\d:\d\d)$/.test(text) || !text.includes("T") ? text : `${text}Z`) : undefined;
    if (!date || Number.isNaN(date.getTime()) || !isCalendarDay(text)) {
        throw new InputError(flag, `"${text}" is neither a duration nor a date; write e.g. 24h, 7d, 2026-11-01 or 2026-11-01T12:00:00Z (UTC).`);
    }
    return date;
}

/** Whether the `YYYY-MM-DD` that `text` starts with is a day of the calendar: Date rolls 2026-02-30 over to March 2. */
function isCalendarDay(text: string): boolean {
    const [year, month, day] = text.slice(0, 10).split("-").map(Number);
    const date = new Date(Date.UTC(year, month - 1, day));
    return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** An IP address, or a pattern of one with `*` (`10.0.*`); a typo would silently select nothing. */
const isIpPattern = (p: string) => (p.includes("*") ? /^[\da-f.:*]+$/i.test(p) : isIP(p) !== 0);

/** The criteria of the `logs` filter flags, checked. */
export function parseSelection(flags: { operation?: string; status?: string; requester?: string; ip?: string; keyPrefix?: string }): Selection {
    const statuses = checkList(flags.status, "--status", "status, e.g. 404 or 5xx");
    for (const s of statuses ?? []) {
        if (!/^([1-5]\d\d|[1-5]xx)$/i.test(s)) throw new InputError("--status", `"${s}" is not an HTTP status; write e.g. 404, 4xx or 403,5xx.`);
    }
    const ips = checkList(flags.ip, "--ip", "IP address");
    for (const ip of ips ?? []) {
        if (!isIpPattern(ip)) throw new InputError("--ip", `"${ip}" is not an IP address; write e.g. 192.0.2.3, 2001:db8::1 or 10.0.*.`);
    }
    return {
        operations: checkList(flags.operation, "--operation", "operation"), statuses,
        requesters: checkList(flags.requester, "--requester", "requester"), ips, keyPrefix: flags.keyPrefix,
    };
}
