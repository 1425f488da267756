import * as fs from "fs";
import { InputError } from "../engine/inputs";
import { CATALOGUE, catalogueQuery, localDialect } from "./catalogue";
import type { BucketSource } from "./fetchLogs";
import { Answer, EngineOptions, LoadStats, LogDatabase } from "./logDatabase";
import { formatAnswer, formatSummary, LogsFormat, recordWriter } from "./output";
import { Selection } from "./selection";
import { RequestsOverTime } from "./requestsOverTime";
import { summarize } from "./summary";

/** What to print: the summary, the records, or the answer of a query. */
export type LogsAction = { kind: "summary" } | { kind: "records" } | { kind: "sql"; sql: string } | { kind: "query"; name: string };

/** What to read and how to show it; checked by the CLI before this runs. */
export interface LogsRequest {
    /** The source bucket whose logs to read (with `clients`), or local files. */
    source: BucketSource | { files: string[] };
    /** The records to keep; `since` also bounds the listing of log objects. */
    selection: Selection;
    /** html: the summary as a page, with the catalogue's answers and requests over time. */
    format: LogsFormat | "html";
    action: LogsAction;
    /** Also write the selected records as Parquet partitioned by day into this folder. */
    toParquet?: string;
    output?: string;
    engine?: EngineOptions;
    /** The bucket owner's account for the other-accounts query (with --bucket: the source's). */
    ownerAccount?: string;
}

/** The selected records in an open database (close it when done), with how they were read. */
export interface SelectedLogs {
    db: LogDatabase;
    stats: LoadStats;
    /** What was read, for people. */
    label: string;
    /** The bucket owner's account, when known. */
    ownerAccount?: string;
}

/** Reads the logs of the request into an embedded database and selects the records. */
export async function selectLogs(request: LogsRequest, db: LogDatabase): Promise<SelectedLogs> {
    const { source, selection } = request;
    if ("files" in source) {
        return { db, stats: await db.load(source.files, selection), label: source.files.join(", "), ownerAccount: request.ownerAccount };
    }
    // The AWS SDK is loaded only to read a bucket's logs: reading files starts faster without it.
    const { fetchBucketLogs } = await import("./fetchLogs");
    const fetched = await fetchBucketLogs(source, selection.since ?? new Date(0), db.workDirectory);
    const stats = await db.load([...fetched.files.keys()], { ...selection, bucket: fetched.sharedPrefix ? source.bucket : undefined }, fetched.files);
    return { db, stats, label: selection.since ? `${fetched.label}, since ${selection.since.toISOString()}` : fetched.label, ownerAccount: fetched.ownerAccount };
}

/**
 * Runs every catalogue query over the selected records: the answers, in catalogue order. The
 * records are read once into a table (DuckDB spills it beyond its memory limit), not once per query.
 */
export async function answerCatalogue(db: LogDatabase, ownerAccount?: string): Promise<({ name: string; title: string } & Answer)[]> {
    await db.connection.run("CREATE OR REPLACE TEMP TABLE catalogue_records AS SELECT * FROM access_logs");
    const dialect = { ...localDialect(ownerAccount), from: "catalogue_records" };
    const answers = [];
    for (const q of CATALOGUE) answers.push({ name: q.name, title: q.title, ...(await db.answer(q.sql(dialect))) });
    await db.connection.run("DROP TABLE catalogue_records");
    return answers;
}

/** Requests per minute of the selected records, for the page's chart. */
const PER_MINUTE_SQL = "SELECT strftime(date_trunc('minute', time), '%Y-%m-%dT%H:%M:00.000Z') AS minute, count(*) AS requests FROM access_logs WHERE time IS NOT NULL GROUP BY 1";

/** The logs page: the JSON summary as `--format json` prints it, requests over time, the catalogue's answers. */
async function logsPage({ db, stats, label, ownerAccount }: SelectedLogs): Promise<string> {
    const report = JSON.parse(formatSummary(await summarize(db), stats, "json", label));
    const overTime = new RequestsOverTime();
    for (const row of await db.objects(PER_MINUTE_SQL)) overTime.add(row.minute as string, Number(row.requests));
    const answers = await answerCatalogue(db, ownerAccount);
    const { formatLogsHtml } = await import("../html/logsPage");
    return formatLogsHtml({ report, timeline: overTime.series(), answers });
}

/** The first line of DuckDB's message, without its "LINE 1: …" context. */
const sqlProblem = (e: unknown) => (e as Error).message.split("\n")[0];

const isOutOfMemory = (e: unknown) => (e as Error)?.message?.startsWith("Out of Memory Error") === true;

/**
 * Reads the logs and prints the summary, the records or a query's answer. Returns the exit
 * code: 2 when a file was cut (its records before the cut are still counted) or holds no
 * access log record at all.
 */
export async function runLogs(request: LogsRequest, io: { stdout: (text: string) => void; stderr: (text: string) => void }): Promise<number> {
    const out: string[] = [];
    const emit = (text: string) => (request.output ? out.push(text) : io.stdout(text));
    const db = await LogDatabase.open(request.engine);
    try {
        const { action } = request;
        const userSql = action.kind === "sql" ? action.sql : undefined;
        // Bad SQL is bad input: found before reading anything (or calling AWS).
        if (userSql !== undefined) {
            const type = await db.statementType(userSql).catch((e) => {
                throw new InputError("--sql", `${sqlProblem(e)}; query the view access_logs, whose columns are the Athena table's (see README).`);
            });
            // Only a query: COPY, ATTACH, INSTALL, SET, CREATE… would write files, fetch extensions or change
            // the engine (and EXPLAIN ANALYZE runs the statement it explains).
            if (type !== "SELECT") throw new InputError("--sql", `only a query may run (SELECT, WITH, FROM, DESCRIBE, SUMMARIZE), not this ${type} statement.`);
        }
        const selected = await selectLogs(request, db);
        const { stats, label } = selected;
        if (request.toParquet) await db.toParquet(request.toParquet);
        if (request.format === "html") {
            emit(await logsPage(selected));
        } else if (action.kind === "summary") {
            emit(formatSummary(await summarize(db), stats, request.format, label));
        } else if (action.kind === "records") {
            const writer = recordWriter(request.format);
            emit(writer.header);
            for await (const batch of db.records()) emit(batch.map(writer.line).join(""));
        } else {
            const sql = userSql ?? catalogueQuery((action as { name: string }).name)!.sql(localDialect(selected.ownerAccount));
            const answer = await db.answer(sql).catch((e) => {
                // A query that prepares but fails on the records (a cast, error()) is bad input too.
                throw userSql === undefined || isOutOfMemory(e) ? e : new InputError("--sql", `${sqlProblem(e)}; correct the query.`);
            });
            emit(formatAnswer(answer, request.format));
        }
        if (request.output) fs.writeFileSync(request.output, out.join(""));
        return reportProblems(stats, io.stderr);
    } catch (e) {
        // DuckDB spills beyond its limit, but a limit too small for its own buffers fails: name the flag.
        if (isOutOfMemory(e)) throw new InputError("--memory-limit", `${request.engine?.memoryLimit ?? "1GB"} is too little for the SQL engine (${sqlProblem(e)}); raise it.`);
        throw e;
    } finally {
        await db.close();
    }
}

/** One message per file that was cut or is not an access log; exit code 2 if any. */
function reportProblems(stats: LoadStats, stderr: (text: string) => void): number {
    for (const f of stats.failures) stderr(`error: ${f.file}: ${f.problem}.\n`);
    for (const n of stats.notLogs) {
        const first = n.first ? ` (line ${n.first.line}: ${n.first.reason})` : "";
        stderr(`error: ${n.file}: not an S3 server access log: none of its ${n.lines} lines is a record${first}.\n`);
    }
    return stats.failures.length || stats.notLogs.length ? 2 : 0;
}
