import { LOG_FIELDS, LogField, REQUIRED_FIELDS } from "./fields";
import { MONTH_NAMES } from "./parser";

/**
 * How DuckDB reads a log file as space-delimited CSV, derived from `LOG_FIELDS`, and which rows
 * it reads exactly as the TypeScript parser would. The lines of rows failing `VALID_ROW` go to
 * the TypeScript parser, line by line; a file the reader fails on, whole (see logDatabase.ts).
 */

/** Fields AWS may append after the documented ones, kept in `extra`; one more column detects more. */
const EXTRA_COLUMNS = 3;

interface RawColumns {
    field: LogField;
    /** The raw CSV columns of the field: two for the time, whose bracketed text holds a space. */
    raw: string[];
}

const LAYOUT: RawColumns[] = (() => {
    let next = 0;
    return LOG_FIELDS.map((field) => ({ field, raw: (field.kind === "time" ? [0, 1] : [0]).map(() => `c${next++}`) }));
})();
const FIELD_COLUMNS = LAYOUT.flatMap((l) => l.raw);
const EXTRA = Array.from({ length: EXTRA_COLUMNS }, (_, i) => `c${FIELD_COLUMNS.length + i}`);
const SENTINEL = `c${FIELD_COLUMNS.length + EXTRA_COLUMNS}`;
const ALL_RAW = [...FIELD_COLUMNS, ...EXTRA, SENTINEL];

/** A SQL string literal. */
export const sqlString = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/**
 * Measured on DuckDB 1.5: `strict_mode=false` keeps inner quotes of user agents; an escape
 * character that never occurs (U+0001) keeps backslashes as written, like the TypeScript
 * parser; `nullstr` likewise never matches, so `-` and empty fields arrive as written.
 * `new_line='\n'`: rows still end at a lone `\r` too (as lines do for the parser), but in a
 * file of CRLF lines DuckDB no longer drops the character after a lone `\r`.
 * Not `store_rejects`: in this lenient mode it rejects nothing the checks would not catch, and
 * it turns a quote left open at the end of a file into a row that passes them.
 */
export function readCsvSql(files: string[]): string {
    const columns = ALL_RAW.map((c) => `'${c}': 'VARCHAR'`).join(", ");
    return `read_csv([${files.map(sqlString).join(", ")}], delim=' ', quote='"', new_line='\\n', escape='\u0001', nullstr='\u0002', header=false, `
        + `auto_detect=false, null_padding=true, strict_mode=false, filename=true, columns={${columns}})`;
}

const nullable = (c: string) => `nullif(${c}, '-')`;
/**
 * Whole numbers as the TypeScript parser takes them: digits only, at most 15 (exact in a
 * double), and within the column's type (`typed`, the cast of the typed column). A glob for the
 * digits: DuckDB's cast alone would also take `+1`, `1e3` and `0x10`; cheaper than formatting
 * the number back or a regular expression (measured).
 */
const wholeNumber = (c: string, typed: string) => `(${c} = '-' OR (strlen(${c}) <= 15 AND NOT ${c} GLOB '*[!0-9]*' AND ${typed} IS NOT NULL))`;

const [STAMP, ZONE] = LAYOUT.find((l) => l.field.kind === "time")!.raw;
const TIME_FORMAT = "'[%d/%b/%Y:%H:%M:%S'";
/** The month as written, by its number: cheaper than a list of months to look it up in (measured). */
const MONTH_AS_WRITTEN = `[${MONTH_NAMES.map((m) => `'${m}'`).join(", ")}][month(local_time)]`;
/** The stamp parsed, once per row in an inner projection (see csvRecordsSql). */
const LOCAL_TIME = "local_time";

/** The columns of the documented text fields: every field but the time and the numbers. */
const TEXT = LAYOUT.filter((l) => l.field.kind === "plain" || l.field.kind === "quoted").flatMap((l) => l.raw);

/**
 * Where a field starts with a quote, the two readers may end it in different places: the
 * TypeScript parser at the first quote followed by a space (not by `\"`), DuckDB where its
 * quotes pair up, dropping the last character when it is not a quote. A value shows which:
 * where they agree it holds no `" ` and its quotes pair up. Counted only in the rare rows
 * holding a quote (see textAgrees).
 */
const quotesAgree = (c: string) => `(${c} IS NULL OR NOT contains(${c}, '"') OR (NOT contains(${c}, '" ') AND (strlen(${c}) - strlen(replace(${c}, '"', ''))) % 2 = 0))`;

/**
 * The checks DuckDB's reading cannot make, each as cheap as it can be: where the two parsers
 * could part, the row is not valid.
 */
function validity({ field, raw }: RawColumns): string[] {
    const [c] = raw;
    // strptime reads digits only, but also takes `feb`, one-digit days and years below 1000,
    // which the TypeScript parser refuses or reads otherwise: fixed places, months as written
    // (cheaper than formatting the time back; the parse is checked by csvRecordsSql). S3 writes
    // `+0000`: a time of another zone goes to the parser, whose records give every time as UTC
    // text, so that `requestdatetime` reads alike from both.
    if (field.kind === "time") return [`${STAMP} LIKE '[__/___/____:__:__:__'`, `${MONTH_AS_WRITTEN} = substr(${STAMP}, 5, 3)`, `substr(${STAMP}, 9, 1) <> '0'`, `${ZONE} = '+0000]'`];
    if (field.kind === "number") return [`${c} IS NULL OR ${wholeNumber(c, typed({ field, raw }))}`];
    // Text is checked for all its columns at once (see VALID_ROW).
    return [];
}

/**
 * The documented text columns as one (NULLs count as empty), made once per row in an inner
 * projection (see csvRecordsSql): one search each for what is rare in them is cheaper than a
 * search per column (measured).
 */
const ALL_TEXT = "all_text";

/**
 * Whether text `columns`, joined as `joined`, read the same for both. At `\"` the two part (the
 * parser never ends a quoted field there). A line break in a value was in quotes, where DuckDB
 * reads across it; the parser never does.
 */
const textAgrees = (joined: string, columns: string[]) => [
    `NOT contains(${joined}, '\\')`,
    `NOT contains(${joined}, chr(10))`,
    `NOT contains(${joined}, chr(13))`,
    `CASE WHEN contains(${joined}, '"') THEN ${columns.map(quotesAgree).join(" AND ")} ELSE true END`,
].join(" AND ");

/** Whether DuckDB read the row exactly as the TypeScript parser does. */
const VALID_ROW = [
    // The TypeScript parser needs the fields up to the HTTP status; the time takes two columns.
    `${FIELD_COLUMNS[REQUIRED_FIELDS]} IS NOT NULL`,
    `${SENTINEL} IS NULL`,
    // A line ending in a space ends in an empty field for DuckDB, in none for the parser. The
    // last field is usually the last documented one: look there first. It is one of the
    // required fields' or a later one: the columns before need not be read for this.
    `CASE WHEN ${EXTRA[0]} IS NULL AND ${FIELD_COLUMNS.at(-1)} IS NOT NULL THEN ${FIELD_COLUMNS.at(-1)} <> '' `
        + `ELSE coalesce(${ALL_RAW.slice(REQUIRED_FIELDS).reverse().join(", ")}) <> '' END`,
    ...LAYOUT.flatMap(validity).map((v) => `(${v})`),
    textAgrees(ALL_TEXT, TEXT),
    // Extra fields are rare: joined only where there are some (cheaper than joining NULLs).
    `CASE WHEN ${EXTRA[0]} IS NULL THEN true ELSE ${textAgrees(`concat(${EXTRA.join(", ")})`, EXTRA)} END`,
].join(" AND ");

function typed({ field, raw }: RawColumns): string {
    if (field.kind === "time") return `substr(${raw[0]}, 2) || ' ' || substr(${raw[1]}, 1, 5)`;
    if (field.kind === "number") return `TRY_CAST(${nullable(raw[0])} AS ${field.glueType === "int" ? "INTEGER" : "BIGINT"})`;
    return nullable(raw[0]);
}

/**
 * The rows of `files` with the Athena table's columns and types (the time as Athena's text),
 * plus `extra` (trailing unknown fields), `time` (UTC TIMESTAMP), `file`, and `valid`.
 * Rows that are not valid may hold garbage in the typed columns: casts are `TRY_`.
 */
export function csvRecordsSql(files: string[]): string {
    const columns = LAYOUT.map((l) => `${typed(l)} AS ${l.field.column}`);
    const extra = `CASE WHEN ${EXTRA[0]} IS NULL THEN []::VARCHAR[] ELSE list_filter([${EXTRA.join(", ")}], x -> x IS NOT NULL) END AS extra`;
    const read = `SELECT *, try_strptime(${STAMP}, ${TIME_FORMAT}) AS ${LOCAL_TIME}, concat(${TEXT.join(", ")}) AS ${ALL_TEXT} FROM ${readCsvSql(files)}`;
    const rows = `SELECT ${columns.join(", ")}, ${extra}, ${LOCAL_TIME} AS time, filename AS file, coalesce(${VALID_ROW}, false) AS checked FROM (${read})`;
    return `SELECT * EXCLUDE (checked), checked AND time IS NOT NULL AS valid FROM (${rows})`;
}
