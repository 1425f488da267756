import { LOG_FIELDS, LogField, REQUIRED_FIELDS } from "./fields";

/**
 * How DuckDB reads a log file as space-delimited CSV, derived from `LOG_FIELDS`, and which rows
 * it reads exactly as the TypeScript parser would. A row that fails `VALID_ROW` is not trusted:
 * its file goes through the TypeScript parser instead (see logDatabase.ts).
 */

/** Fields AWS may append after the documented ones, kept in `extra`; one more column detects a cut. */
const EXTRA_COLUMNS = 8;

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
 */
export function readCsvSql(files: string[]): string {
    const columns = ALL_RAW.map((c) => `'${c}': 'VARCHAR'`).join(", ");
    return `read_csv([${files.map(sqlString).join(", ")}], delim=' ', quote='"', escape='\u0001', nullstr='\u0002', header=false, `
        + `auto_detect=false, null_padding=true, strict_mode=false, filename=true, columns={${columns}})`;
}

const MONTHS = "'Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'";
const nullable = (c: string) => `nullif(${c}, '-')`;

function typed({ field, raw }: RawColumns): string {
    if (field.kind === "time") {
        const [stamp, zone] = raw;
        return `substr(${stamp}, 2) || ' ' || substr(${zone}, 1, 5)`;
    }
    if (field.kind === "number") return `CAST(${nullable(raw[0])} AS ${field.glueType === "int" ? "INTEGER" : "BIGINT"})`;
    return nullable(raw[0]);
}

const USER_AGENT = LAYOUT.findIndex((l) => l.field.name === "userAgent");
const TIME = LAYOUT.find((l) => l.field.kind === "time")!.raw;

/** The record's time in UTC (TIMESTAMP), from the stamp and its ±hhmm offset; NULL if either is not one. */
const UTC_TIME = `try_strptime(${TIME[0]}, '[%d/%b/%Y:%H:%M:%S') - to_minutes(`
    + `TRY_CAST(substr(${TIME[1]}, 1, 1) || '1' AS INTEGER) * (TRY_CAST(substr(${TIME[1]}, 2, 2) AS INTEGER) * 60 + TRY_CAST(substr(${TIME[1]}, 4, 2) AS INTEGER)))`;

/**
 * The checks, each as cheap as it can be (they cost more than the reading): where the two
 * parsers could part, the row is not trusted.
 */
function validity({ field, raw }: RawColumns, index: number): string[] {
    const [c] = raw;
    if (field.kind === "time") {
        const [stamp, zone] = raw;
        // The time parsed (see UTC_TIME, checked by csvRecordsSql); strptime alone also takes
        // `feb` and one-digit days, which the TypeScript parser refuses.
        return [`length(${stamp}) = 21`, `substr(${stamp}, 5, 3) IN (${MONTHS})`, `length(${zone}) = 6`, `ends_with(${zone}, ']')`, `substr(${zone}, 1, 1) IN ('+', '-')`];
    }
    if (field.kind === "number") return [`${c} IS NULL OR ${c} = '-' OR regexp_full_match(${c}, '\\d{1,15}')`];
    // A quote left open across lines makes DuckDB's parallel reader fail (the file then goes to
    // the TypeScript parser). At `\"` the two part: DuckDB may close the quote there (and drop a
    // character), the TypeScript parser never does; any backslash sends the row to the latter.
    if (field.kind === "quoted") return [`${c} IS NULL OR NOT (contains(${c}, '\\') OR contains(${c}, chr(10)))`];
    // Split differently, the quoted fields leave a quote in a plain field after them.
    return index > USER_AGENT ? [`${c} IS NULL OR NOT contains(${c}, '"')`] : [];
}

const extraValid = EXTRA.map((c) => `(${c} IS NULL OR NOT contains(${c}, '"'))`);

/** Whether DuckDB read the row exactly as the TypeScript parser does. */
const VALID_ROW = [
    // The TypeScript parser needs the fields up to the HTTP status; the time takes two columns.
    `${FIELD_COLUMNS[REQUIRED_FIELDS]} IS NOT NULL`,
    `${SENTINEL} IS NULL`,
    // It drops a carriage return at the end of a line; DuckDB does so in files of CRLF lines.
    // The last field is usually the last documented one: look there first.
    `NOT CASE WHEN ${EXTRA[0]} IS NULL AND ${FIELD_COLUMNS.at(-1)} IS NOT NULL THEN ends_with(${FIELD_COLUMNS.at(-1)}, chr(13)) `
        + `ELSE ends_with(coalesce(${[...ALL_RAW].reverse().join(", ")}), chr(13)) END`,
    ...LAYOUT.flatMap(validity).map((v) => `(${v})`),
    ...extraValid,
].join(" AND ");

/**
 * The rows of `files` with the Athena table's columns and types (the time as Athena's text),
 * plus `extra` (trailing unknown fields), `time` (UTC TIMESTAMP), `file`, and `valid`.
 * Rows that are not valid may hold garbage in the typed columns: casts are `TRY_`.
 */
export function csvRecordsSql(files: string[]): string {
    const columns = LAYOUT.map((l) => `${typed(l).replace(/^CAST\(/, "TRY_CAST(")} AS ${l.field.column}`);
    const extra = `list_filter([${EXTRA.join(", ")}], x -> x IS NOT NULL) AS extra`;
    const rows = `SELECT ${columns.join(", ")}, ${extra}, ${UTC_TIME} AS time, filename AS file, coalesce(${VALID_ROW}, false) AS checked FROM ${readCsvSql(files)}`;
    return `SELECT * EXCLUDE (checked), checked AND time IS NOT NULL AS valid FROM (${rows})`;
}
