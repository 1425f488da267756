import type { DuckDBAppender, DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { pipeline } from "stream/promises";
import { createGunzip } from "zlib";
import { csvRecordsSql, sqlString } from "./csvRead";
import { LOG_FIELDS } from "./fields";
import { LogRecord, MalformedLine, newStats, openLogFile, parseSomeLines, parseStream, ParseStats, splitFields } from "./parser";
import { droppedSql, Selection } from "./selection";
import { CSV_RECORDS_SQL, DROPPED_SQL, INVALID_SQL, partsSql } from "./summaryQuery";

/** How the embedded engine may use the machine. */
export interface EngineOptions {
    /** DuckDB's memory limit; beyond it, it spills to `tempDirectory`. @default "1GB" */
    memoryLimit?: string;
    /** @default a fresh folder under the OS temp directory, removed on close */
    tempDirectory?: string;
    /** Threads DuckDB's parallel CSV reader and aggregation use. @default the cores Node may use */
    threads?: number;
}

/** A table answer: column names and rows of JSON-safe values. */
export interface Answer {
    columns: string[];
    rows: unknown[][];
}

/** A file that could not be read to its end (a cut gzip): the records before the cut are kept. */
export interface ReadFailure {
    file: string;
    problem: string;
}

export interface LoadStats extends ParseStats {
    /** Files (or log objects) read. */
    objects: number;
    /** Records not selected, by reason (a window, a filter, another bucket). */
    excluded: { reason: string; records: number }[];
    /** Files with lines DuckDB could not read exactly, read by the TypeScript parser instead. */
    parsedByTypeScript: string[];
    /** How many lines of those files the TypeScript parser read (a whole file when DuckDB's reader failed on it). */
    linesParsedByTypeScript: number;
    failures: ReadFailure[];
    /** Files none of whose lines is a record, with the first line's problem. */
    notLogs: { file: string; lines: number; first?: { line: number; reason: string } }[];
}

/** JSON-safe values: BIGINT as a number when exact (else text), timestamps as ISO 8601. */
function jsonSafe(value: unknown): unknown {
    if (typeof value === "bigint") return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
    if (value instanceof Date) return value.toISOString();
    if (Array.isArray(value)) return value.map(jsonSafe);
    return value;
}

/** Beyond this many rows of a file that are not valid, the file is parsed whole (bounded memory). */
const MAX_LINES_BY_NUMBER = 1_000_000;

/**
 * Whether the file's last line leaves a quote open (a file cut in a user agent): DuckDB reads
 * such a field to the end of the file and gives a row that passes the checks. Elsewhere an open
 * quote runs across a line break, which fails DuckDB's reader.
 */
function endsInOpenQuote(file: string): boolean {
    const fd = fs.openSync(file, "r");
    try {
        const size = fs.fstatSync(fd).size;
        const tail = Buffer.alloc(Math.min(size, TAIL_BYTES));
        fs.readSync(fd, tail, 0, tail.length, size - tail.length);
        const lines = tail.toString("utf8").split(/\r\n|\r|\n/).filter((l) => l !== "");
        // A last line longer than the tail read: parse the whole file to be sure.
        if (lines.length < 2 && tail.length < size) return true;
        splitFields(lines.at(-1) ?? "");
        return false;
    } catch (e) {
        if (e instanceof MalformedLine) return true;
        throw e;
    } finally {
        fs.closeSync(fd);
    }
}

const TAIL_BYTES = 1 << 16;

const isGzip = (file: string) => {
    const fd = fs.openSync(file, "r");
    try {
        const head = Buffer.alloc(2);
        return fs.readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
    } finally {
        fs.closeSync(fd);
    }
};

/**
 * Log records in an embedded DuckDB: files are read by DuckDB's CSV reader where it reads
 * every row as the TypeScript parser would, and by the TypeScript parser otherwise, so both
 * give one set of records (`records`: the Athena table's columns plus `extra`, `time`, `file`).
 */
export class LogDatabase {
    private constructor(
        private readonly instance: DuckDBInstance,
        readonly connection: DuckDBConnection,
        private readonly scratch: string,
        private readonly ownsScratch: boolean,
        private readonly threads: number,
    ) {}

    /** Opens an in-memory database; DuckDB is imported here so that only readers of logs load it. */
    static async open(options: EngineOptions = {}): Promise<LogDatabase> {
        const { DuckDBInstance } = await import("@duckdb/node-api");
        const scratch = options.tempDirectory ?? fs.mkdtempSync(path.join(os.tmpdir(), "s3-logging-"));
        const threads = options.threads ?? os.availableParallelism();
        const instance = await DuckDBInstance.create(":memory:", {
            memory_limit: options.memoryLimit ?? "1GB",
            temp_directory: path.join(scratch, "spill"),
            threads: String(threads),
        });
        const connection = await instance.connect();
        // Time zones are ICU's, loaded after start: text of TIMESTAMPTZ values is then UTC.
        await connection.run("SET TimeZone = 'UTC'");
        const db = new LogDatabase(instance, connection, scratch, options.tempDirectory === undefined, threads);
        const columns = LOG_FIELDS.map((f) => `${f.column} ${f.kind === "number" ? (f.glueType === "int" ? "INTEGER" : "BIGINT") : "VARCHAR"}`);
        await connection.run(`CREATE TABLE fallback (${columns.join(", ")}, extra VARCHAR, file VARCHAR)`);
        // Records of one file's lines, kept once they are known to be its lines (see parseInvalidLines).
        await connection.run("CREATE TABLE pending AS FROM fallback LIMIT 0");
        // Until files are loaded, an empty view with the right columns lets queries be checked.
        await connection.run(`CREATE VIEW fallback_records AS SELECT ${fallbackColumns()} FROM fallback`);
        await connection.run("CREATE VIEW access_logs AS SELECT * FROM fallback_records");
        return db;
    }

    /** A place for files of this run (downloads, decompressed input), removed on close. */
    get workDirectory(): string {
        return this.scratch;
    }

    async answer(sql: string): Promise<Answer> {
        const reader = await this.connection.runAndReadAll(sql);
        return { columns: reader.columnNames(), rows: reader.getRowsJS().map((row) => row.map(jsonSafe)) };
    }

    /**
     * The kind of statement `sql` is (`SELECT`, `COPY`, …), checked against the record columns
     * without running it; throws DuckDB's error.
     */
    async statementType(sql: string): Promise<string> {
        const [prepared, { StatementType }] = await Promise.all([this.connection.prepare(sql), import("@duckdb/node-api")]);
        return StatementType[prepared.statementType];
    }

    /** Writes the selected records as Parquet, one folder per day (`day=YYYY-MM-DD`), for Athena or any engine. */
    async toParquet(dir: string): Promise<void> {
        await this.connection.run(`COPY (SELECT *, strftime(time, '%Y-%m-%d') AS day FROM access_logs) TO ${sqlString(dir)} (FORMAT parquet, PARTITION_BY (day))`);
    }

    /** Rows as objects, JSON-safe. */
    async objects(sql: string): Promise<Record<string, unknown>[]> {
        const { columns, rows } = await this.answer(sql);
        return rows.map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i]])));
    }

    /**
     * Reads `files` and selects records: afterwards the view `access_logs` holds the selected
     * records and the table `parts` the per-file counts (see summaryQuery.ts). Gzip is
     * decompressed by Node's zlib first, which (unlike DuckDB 1.5) notices a cut stream: the
     * lines before the cut are kept and the cut is reported. The lines of rows DuckDB does not
     * read exactly (failing the checks of csvRead.ts) are read by the TypeScript parser, and a
     * file DuckDB's reader fails on as a whole: no line is lost or counted twice. One scan of
     * the files in the usual case.
     */
    async load(given: string[], selection: Selection, names: ReadonlyMap<string, string> = new Map()): Promise<LoadStats> {
        // A file given twice is read once: its two copies would share a name, and lines of one be lost.
        const files = [...new Map(given.map((f) => [path.resolve(f), f])).values()];
        for (const [file, name] of names) this.names.set(file, name);
        const stats: LoadStats = { ...newStats(), objects: files.length, parsedByTypeScript: [], linesParsedByTypeScript: 0, failures: [], excluded: [], notLogs: [] };
        // A second load replaces the first.
        await this.connection.run("DELETE FROM fallback");
        const plain: string[] = [];
        for (const file of files) plain.push(await this.decompressed(file, stats));
        const dropped = droppedSql(selection);
        // Records name the file as the user knows it (the S3 key, the gzip file), not the copy read.
        const renamed = [...this.names].map(([file, name]) => `WHEN ${sqlString(file)} THEN ${sqlString(name)}`);
        const file = renamed.length ? `CASE file ${renamed.join(" ")} ELSE file END` : "file";
        const csvRows = (group: string[]) => `SELECT * REPLACE (${file} AS file), ${dropped} AS dropped FROM (${csvRecordsSql(group)})`;
        const noRows = `SELECT *, true AS valid, ${dropped} AS dropped FROM fallback_records LIMIT 0`;
        const scan = (group: string[]) => this.connection.run(`CREATE OR REPLACE TABLE parts AS ${partsSql(group.length ? csvRows(group) : noRows, "csv")}`);
        // The usual case: one scan reads, checks and counts every file. One bad file (a quote
        // left open across lines) fails the reader: then each file is tried alone.
        let readable = plain.filter((f) => !endsInOpenQuote(f));
        try {
            await scan(readable);
        } catch {
            const all = readable;
            readable = [];
            for (const file of all) if (await scan([file]).then(() => true, () => false)) readable.push(file);
            await scan(readable);
        }
        const whole = plain.filter((f) => !readable.includes(f));
        for (const row of await this.objects(INVALID_SQL)) {
            const copy = this.copyOf(row.file as string);
            if (!(await this.parseInvalidLines(copy, Number(row.rows), Number(row.invalid), stats))) whole.push(copy);
        }
        // Rare: a file read whole by the TypeScript parser after the scan; its rows must not count.
        if (readable.some((f) => whole.includes(f))) {
            readable = readable.filter((f) => !whole.includes(f));
            await scan(readable);
        }
        const appender = await this.connection.createAppender("fallback");
        for (const copy of whole) await this.parseWithTypeScript(copy, appender, stats);
        appender.closeSync();
        stats.malformedSamples.splice(20);
        // The parser's records, if any, count along with the scan's.
        if (stats.parsedByTypeScript.length) await this.connection.run(`INSERT INTO parts ${partsSql(`SELECT *, true AS valid, ${dropped} AS dropped FROM fallback_records`, "fallback")}`);
        const duckRecords = Number((await this.objects(CSV_RECORDS_SQL))[0].n);
        stats.lines += duckRecords;
        stats.records += duckRecords;
        stats.excluded = (await this.objects(DROPPED_SQL)).map((r) => ({ reason: r.reason as string, records: Number(r.records) }));
        const trusted = readable.length ? [`SELECT * EXCLUDE (valid) FROM (${csvRows(readable)}) WHERE valid`] : [];
        const all = [...trusted, `SELECT *, ${dropped} AS dropped FROM fallback_records`].join(" UNION ALL ");
        await this.connection.run(`CREATE OR REPLACE VIEW access_logs AS SELECT * EXCLUDE (dropped) FROM (${all}) WHERE dropped IS NULL`);
        return stats;
    }

    /**
     * Parses with the TypeScript parser the lines of `file` whose rows DuckDB read but found not
     * valid, found by their row numbers. False (nothing kept) when most rows are not valid (as
     * well parse them all) or too many (the list of their numbers would grow with the file), or
     * when the file's lines that are not blank are not its rows one to one (counts, and request
     * IDs): then the whole file is parsed instead.
     */
    private async parseInvalidLines(file: string, rows: number, invalid: number, stats: LoadStats): Promise<boolean> {
        if (invalid * 2 > rows || invalid > MAX_LINES_BY_NUMBER) return false;
        // One thread reads the rows in order, so that their numbers are their order in the file.
        await this.connection.run("SET threads = 1");
        const numbered = `SELECT row_number() OVER () AS ordinal, requestid, valid FROM (${csvRecordsSql([file])})`;
        const ordinals = await this.connection.runAndReadAll(`SELECT ordinal, requestid FROM (${numbered}) WHERE NOT valid`)
            .finally(() => this.connection.run(`SET threads = ${this.threads}`));
        // Each row's request ID (as DuckDB split it) must be in the line of its number.
        const ids = new Map(ordinals.getRowsJS().map(([ordinal, id]) => [Number(ordinal), id as string | null]));
        let matching = true;
        const wanted = (ordinal: number, line: string) => {
            if (!ids.has(ordinal)) return false;
            const id = ids.get(ordinal);
            if (id && !line.includes(id)) matching = false;
            return true;
        };
        const name = this.name(file);
        const own = newStats();
        const appender = await this.connection.createAppender("pending");
        const seen = await parseSomeLines(await openLogFile(file), wanted, (r) => appendRecord(appender, r, name), own);
        appender.closeSync();
        const aligned = matching && seen === rows && own.lines === invalid;
        if (aligned) {
            await this.connection.run("INSERT INTO fallback FROM pending");
            this.addParsed(name, own, rows - invalid, stats);
        }
        await this.connection.run("DELETE FROM pending");
        return aligned;
    }

    /** Parses the whole of `file` with the TypeScript parser into the fallback table; counts lines and malformed ones. */
    private async parseWithTypeScript(file: string, appender: DuckDBAppender, stats: LoadStats): Promise<void> {
        const name = this.name(file);
        this.addParsed(name, await parseStream(await openLogFile(file), (r) => appendRecord(appender, r, name)), 0, stats);
    }

    /** Counts lines the TypeScript parser read in `name`, which holds `duckRecords` more records read by DuckDB. */
    private addParsed(name: string, own: ParseStats, duckRecords: number, stats: LoadStats): void {
        stats.parsedByTypeScript.push(name);
        if (own.records + duckRecords === 0 && own.lines > 0) stats.notLogs.push({ file: name, lines: own.lines, first: own.malformedSamples[0] });
        stats.linesParsedByTypeScript += own.lines;
        stats.lines += own.lines;
        stats.records += own.records;
        stats.recovered += own.recovered;
        stats.malformed += own.malformed;
        stats.malformedSamples.push(...own.malformedSamples.map((m) => ({ ...m, reason: `${name}: ${m.reason}` })));
    }

    /**
     * The selected records (or the rows of `relation`, a query with the record columns) as the
     * TypeScript parser gives them, a chunk at a time (bounded memory).
     */
    async *records(relation = "SELECT * FROM access_logs"): AsyncGenerator<LogRecord[]> {
        const columns = LOG_FIELDS.map((f) => {
            if (f.kind === "time") return `strftime(time, '%Y-%m-%dT%H:%M:%S.000Z') AS "${f.name}"`;
            return f.kind === "number" ? `CAST(${f.column} AS DOUBLE) AS "${f.name}"` : `${f.column} AS "${f.name}"`;
        });
        const result = await this.connection.stream(`SELECT ${columns.join(", ")}, extra FROM (${relation})`);
        for await (const rows of result.yieldRowObjectJs()) yield rows as unknown as LogRecord[];
    }


    /** The plain text of `file`: itself, or its gzip content decompressed into the work directory. */
    private async decompressed(file: string, stats: LoadStats): Promise<string> {
        if (!isGzip(file)) return file;
        const target = path.join(this.scratch, `${fs.readdirSync(this.scratch).length}-${path.basename(file)}.txt`);
        try {
            await pipeline(fs.createReadStream(file), createGunzip(), fs.createWriteStream(target));
        } catch (e) {
            stats.failures.push({ file: this.name(file), problem: `the gzip stream is cut or corrupt (${(e as Error).message}); the records before the damage were read` });
        }
        this.names.set(target, this.name(file));
        return target;
    }

    /** Files read → the names they are reported by. */
    private readonly names = new Map<string, string>();

    private name(file: string): string {
        return this.names.get(file) ?? file;
    }

    /** The file read for a name in the records. */
    private copyOf(name: string): string {
        return [...this.names].find(([, n]) => n === name)?.[0] ?? name;
    }

    async close(): Promise<void> {
        this.connection.closeSync();
        this.instance.closeSync();
        if (this.ownsScratch) fs.rmSync(this.scratch, { recursive: true, force: true });
    }
}

function fallbackColumns(): string {
    const columns = LOG_FIELDS.map((f) => (f.kind === "time" ? `strftime(CAST(${f.column} AS TIMESTAMP), '%d/%b/%Y:%H:%M:%S +0000') AS ${f.column}` : f.column));
    const time = LOG_FIELDS.find((f) => f.kind === "time")!.column;
    return [...columns, `CASE WHEN extra = '' THEN []::VARCHAR[] ELSE string_split(extra, chr(1)) END AS extra`, `CAST(${time} AS TIMESTAMP) AS time`, "file"].join(", ");
}

function appendRecord(appender: DuckDBAppender, r: LogRecord, file: string): void {
    const record = r as unknown as Record<string, string | number | null>;
    for (const f of LOG_FIELDS) {
        const value = record[f.name];
        if (value === null) appender.appendNull();
        else if (f.kind !== "number") appender.appendVarchar(String(value));
        else if (f.glueType === "int") appender.appendInteger(Number(value));
        else appender.appendBigInt(BigInt(Math.trunc(Number(value))));
    }
    appender.appendVarchar(r.extra.join("\u0001"));
    appender.appendVarchar(file);
    appender.endRow();
}
