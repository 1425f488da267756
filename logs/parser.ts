import { createReadStream } from "fs";
import { Readable } from "stream";
import { StringDecoder } from "string_decoder";
import { createGunzip } from "zlib";
import { LOG_FIELDS, REQUIRED_FIELDS } from "./fields";

/** One request. `null` stands for `-` (no value); unknown trailing fields are kept in `extra`. */
export interface LogRecord {
    bucketOwner: string | null;
    bucket: string | null;
    /** ISO 8601, UTC. */
    time: string;
    remoteIp: string | null;
    requester: string | null;
    requestId: string | null;
    operation: string | null;
    key: string | null;
    requestUri: string | null;
    httpStatus: number | null;
    errorCode: string | null;
    bytesSent: number | null;
    objectSize: number | null;
    totalTime: number | null;
    turnAroundTime: number | null;
    referer: string | null;
    userAgent: string | null;
    versionId: string | null;
    hostId: string | null;
    signatureVersion: string | null;
    cipherSuite: string | null;
    authenticationType: string | null;
    hostHeader: string | null;
    tlsVersion: string | null;
    accessPointArn: string | null;
    aclRequired: string | null;
    extra: string[];
}

export class MalformedLine extends Error {}

/** Months as log times write them, the only spelling the parser takes. */
export const MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;
const MONTHS: Record<string, number> = Object.fromEntries(MONTH_NAMES.map((m, i) => [m, i]));

// Records arrive second by second: the previous answer is usually the next one too.
let lastTimeText = "";
let lastTimeIso = "";

/** `06/Feb/2019:00:00:38 +0000` → `2019-02-06T00:00:38.000Z`, without a regex or Date parsing of text. */
export function parseLogTime(text: string): string {
    if (text === lastTimeText) return lastTimeIso;
    lastTimeIso = convertLogTime(text);
    lastTimeText = text;
    return lastTimeIso;
}

const MONTH_NUMBERS: Record<string, string> = Object.fromEntries(Object.entries(MONTHS).map(([k, v]) => [k, String(v + 1).padStart(2, "0")]));

function convertLogTime(text: string): string {
    // S3 writes UTC: the ISO form is a rearrangement of the text.
    if (text.endsWith(" +0000") && text.length === 26 && MONTH_NUMBERS[text.slice(3, 6)] && /^\d\d\/\w{3}\/\d{4}:\d\d:\d\d:\d\d/.test(text)) {
        return `${text.slice(7, 11)}-${MONTH_NUMBERS[text.slice(3, 6)]}-${text.slice(0, 2)}T${text.slice(12, 20)}.000Z`;
    }
    const month = MONTHS[text.slice(3, 6)];
    const n = (from: number, to: number) => {
        const v = Number(text.slice(from, to));
        if (!Number.isInteger(v)) throw new MalformedLine(`time "${text}" is not [DD/Mon/YYYY:hh:mm:ss ±hhmm]`);
        return v;
    };
    if (month === undefined || text.length !== 26 || text[2] !== "/" || text[11] !== ":") {
        throw new MalformedLine(`time "${text}" is not [DD/Mon/YYYY:hh:mm:ss ±hhmm]`);
    }
    const sign = text[21] === "-" ? -1 : 1;
    const offsetMinutes = sign * (n(22, 24) * 60 + n(24, 26));
    return new Date(Date.UTC(n(7, 11), month, n(0, 2), n(12, 14), n(15, 17), n(18, 20)) - offsetMinutes * 60_000).toISOString();
}

const TIME_FIELD = LOG_FIELDS.findIndex((f) => f.kind === "time");

/**
 * Splits a line into raw fields: space-separated; `"…"` may hold spaces (a quote closes only
 * where a space or the line's end follows and no backslash precedes it, so quotes inside a
 * user agent survive); `[…]` is the time, in the time's place only.
 */
export function splitFields(line: string): string[] {
    const out: string[] = [];
    const len = line.length;
    let i = 0;
    while (i < len) {
        const c = line.charCodeAt(i);
        let end: number;
        if (c === 34 /* " */) {
            end = i;
            do {
                end = line.indexOf('"', end + 1);
                if (end === -1) throw new MalformedLine(`unclosed quote at column ${i + 1}`);
            } while ((end + 1 < len && line.charCodeAt(end + 1) !== 32) || line.charCodeAt(end - 1) === 92 /* \" */);
            out.push(line.slice(i + 1, end));
            i = end + 2;
        } else if (c === 91 /* [ */ && out.length === TIME_FIELD) {
            end = line.indexOf("]", i);
            if (end === -1) throw new MalformedLine(`unclosed [ at column ${i + 1}`);
            out.push(line.slice(i + 1, end));
            i = end + 2;
        } else {
            end = line.indexOf(" ", i);
            if (end === -1) end = len;
            out.push(line.slice(i, end));
            i = end + 1;
        }
    }
    return out;
}

const REQUEST_URI = LOG_FIELDS.findIndex((f) => f.name === "requestUri");
const USER_AGENT = LOG_FIELDS.findIndex((f) => f.name === "userAgent");
const AFTER_USER_AGENT = LOG_FIELDS.length - USER_AGENT - 1;

/**
 * Some writers (S3-compatible stores, the moto emulator) leave the request line and user agent
 * unquoted. Where the request line is unambiguous (`METHOD … HTTP/x`) and every field after
 * the user agent is present, the fields are re-aligned; otherwise the line stays malformed.
 */
function realignUnquoted(raw: string[]): string[] | undefined {
    if (!/^[A-Z]+$/.test(raw[REQUEST_URI] ?? "")) return undefined;
    const protocol = raw.findIndex((t, i) => i > REQUEST_URI && t.startsWith("HTTP/"));
    if (protocol === -1) return undefined;
    const fixed = [...raw.slice(0, REQUEST_URI), raw.slice(REQUEST_URI, protocol + 1).join(" "), ...raw.slice(protocol + 1)];
    const agentEnd = fixed.length - AFTER_USER_AGENT;
    if (agentEnd <= USER_AGENT) return undefined;
    return [...fixed.slice(0, USER_AGENT), fixed.slice(USER_AGENT, agentEnd).join(" "), ...fixed.slice(agentEnd)];
}

/** Parses one log line, or throws MalformedLine saying why. */
export function parseLine(line: string, onRecovered?: () => void): LogRecord {
    try {
        return recordOf(splitFields(line));
    } catch (e) {
        const realigned = e instanceof MalformedLine ? realignUnquoted(splitFields(line)) : undefined;
        if (!realigned) throw e;
        const record = recordOf(realigned);
        onRecovered?.();
        return record;
    }
}

const NAMES = LOG_FIELDS.map((f) => f.name);
const KINDS = LOG_FIELDS.map((f) => f.kind);

function recordOf(raw: string[]): LogRecord {
    if (raw.length < REQUIRED_FIELDS) throw new MalformedLine(`${raw.length} fields; a record has at least ${REQUIRED_FIELDS}`);
    const record: Record<string, unknown> = {};
    for (let f = 0; f < NAMES.length; f++) {
        const name = NAMES[f];
        const kind = KINDS[f];
        const value = raw[f];
        if (value === undefined || value === "-") {
            record[name] = null;
        } else if (kind === "number") {
            const n = Number(value);
            // The Athena columns are whole numbers (int, bigint): anything else would be lost there.
            if (!Number.isSafeInteger(n) || !/^\d+$/.test(value)) throw new MalformedLine(`${name} "${value}" is not a whole number`);
            record[name] = n;
        } else if (kind === "time") {
            record[name] = parseLogTime(value);
        } else {
            record[name] = value;
        }
    }
    if (record.time === null) throw new MalformedLine("no time");
    record.extra = raw.length > NAMES.length ? raw.slice(NAMES.length) : [];
    return record as unknown as LogRecord;
}

export interface ParseStats {
    /** Lines that are not blank: each is a record or malformed. */
    lines: number;
    records: number;
    /** Records whose unquoted request line and user agent were re-aligned. */
    recovered: number;
    malformed: number;
    /** The first malformed lines, with their numbers (1-based) and why. */
    malformedSamples: { line: number; reason: string }[];
}

const SAMPLES = 20;

/**
 * Parses a stream of log text line by line; memory stays flat whatever the size. Malformed
 * lines are counted and sampled, never fatal.
 */
export async function parseStream(input: Readable, onRecord: (record: LogRecord) => void, stats: ParseStats = newStats()): Promise<ParseStats> {
    await forEachLine(input, (line, number) => parseCounted(line, number, onRecord, stats));
    return stats;
}

/**
 * Parses only the lines `wanted` picks by their ordinal (1-based among the lines that are not
 * blank, as DuckDB's reader numbers its rows), counting them as `parseStream` does, with their
 * line numbers in the file. Returns how many lines are not blank, so that the caller can check
 * the numbering.
 */
export async function parseSomeLines(input: Readable, wanted: (ordinal: number, line: string) => boolean, onRecord: (record: LogRecord) => void, stats: ParseStats): Promise<number> {
    let ordinal = 0;
    await forEachLine(input, (line, number) => {
        if (wanted(++ordinal, line)) parseCounted(line, number, onRecord, stats);
    });
    return ordinal;
}

function parseCounted(line: string, number: number, onRecord: (record: LogRecord) => void, stats: ParseStats): void {
    stats.lines++;
    try {
        onRecord(parseLine(line, () => stats.recovered++));
        stats.records++;
    } catch (e) {
        if (!(e instanceof MalformedLine)) throw e;
        stats.malformed++;
        if (stats.malformedSamples.length < SAMPLES) stats.malformedSamples.push({ line: number, reason: e.message });
    }
}

/**
 * Calls `handle` with each line that is not blank and its number (1-based). A line ends at
 * `\n`, `\r\n` or a lone `\r`, as DuckDB's reader splits rows (it has no setting to keep a
 * lone `\r`): one numbering of lines for both. Lines are cut from decoded chunks and handled
 * synchronously, a chunk at a time. A blank line holds no record and is not counted, as
 * DuckDB's reader skips it too.
 */
async function forEachLine(input: Readable, handle: (line: string, number: number) => void): Promise<void> {
    let number = 0;
    const cut = (line: string) => {
        number++;
        if (line !== "") handle(line, number);
    };
    const decoder = new StringDecoder("utf8");
    let rest = "";
    // A chunk ending in `\r` may continue with `\n`: that `\r` waits for the next chunk.
    const cutAll = (text: string, final: boolean) => {
        let start = 0;
        // The next `\r` is looked for again only once passed: most files have none.
        let cr = text.indexOf("\r");
        for (;;) {
            if (cr !== -1 && cr < start) cr = text.indexOf("\r", start);
            const lf = text.indexOf("\n", start);
            const end = cr === -1 || (lf !== -1 && lf < cr) ? lf : cr;
            if (end === -1 || (end === cr && end + 1 === text.length && !final)) break;
            cut(text.slice(start, end));
            start = end + (end === cr && text.charCodeAt(end + 1) === 10 ? 2 : 1);
        }
        return text.slice(start);
    };
    for await (const chunk of input) rest = cutAll(rest + (typeof chunk === "string" ? chunk : decoder.write(chunk as Buffer)), false);
    rest = cutAll(rest + decoder.end(), true);
    if (rest !== "") cut(rest);
}

export function newStats(): ParseStats {
    return { lines: 0, records: 0, recovered: 0, malformed: 0, malformedSamples: [] };
}

/** A readable of a log file's text, gunzipped when the file is gzip (by its magic bytes). */
export async function openLogFile(file: string): Promise<Readable> {
    const head = await new Promise<Buffer>((resolve, reject) => {
        const s = createReadStream(file, { start: 0, end: 1 });
        const chunks: Buffer[] = [];
        s.on("data", (c) => chunks.push(c as Buffer)).on("end", () => resolve(Buffer.concat(chunks))).on("error", reject);
    });
    const stream = createReadStream(file, { highWaterMark: 1 << 20 });
    return head[0] === 0x1f && head[1] === 0x8b ? stream.pipe(createGunzip()) : stream;
}
