import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import * as fs from "fs";
import { AwsClients } from "../aws/clients";
import { locateLogs, readLogs } from "./fetchLogs";
import { LogsFormat, formatSummary, recordWriter } from "./output";
import { LogRecord, newStats, openLogFile, parseStream, ParseStats } from "./parser";
import { RequestsOverTime } from "./requestsOverTime";
import { Summarizer } from "./summary";

/** What to read and how to show it; checked by the CLI before this runs. */
export interface LogsRequest {
    /** The source bucket whose logs to read (with `clients`), or local files. */
    source: { bucket: string; account?: string; clients: AwsClients; homeRegion: string; concurrency: number } | { files: string[] };
    since: Date;
    now: Date;
    format: LogsFormat | "html";
    records: boolean;
    output?: string;
}

/** Reads the logs; prints the summary or the records. */
export async function runLogs(request: LogsRequest, stdout: (text: string) => void): Promise<number> {
    const out: string[] = [];
    const emit = (text: string) => (request.output ? out.push(text) : stdout(text));
    const summary = new Summarizer();
    const html = request.format === "html";
    const overTime = new RequestsOverTime();
    // The CLI refuses --records with html, so the writer is only used for the other formats.
    const writer = recordWriter(html ? "table" : (request.format as LogsFormat));
    if (request.records) emit(writer.header);
    const onRecord = (r: LogRecord) => {
        if (request.records) return emit(writer.line(r));
        summary.add(r);
        if (html) overTime.add(r.time);
    };

    let label: string;
    let stats: ParseStats & { objects: number };
    const { source, since, now } = request;
    if ("files" in source) {
        label = source.files.join(", ");
        stats = { ...newStats(), objects: source.files.length };
        const from = since.toISOString();
        for (const file of source.files) await parseStream(await openLogFile(file), (r) => r.time >= from && onRecord(r), stats);
    } else {
        const { clients } = source;
        const caller = (await clients.sts().send(new GetCallerIdentityCommand({}))).Account!;
        clients.setCallerAccount(caller);
        const location = await locateLogs(clients, source.account ?? caller, source.bucket, source.homeRegion);
        label = `${source.bucket} → s3://${location.targetBucket}/${location.targetPrefix} (${location.keyFormat?.kind ?? "simple"} keys), since ${since.toISOString()}`;
        stats = await readLogs(clients, location, since, now, onRecord, source.concurrency);
    }
    if (html) {
        // The page renders the JSON summary exactly as `--format json` prints it.
        const { formatLogsHtml } = await import("../html/logsPage");
        emit(formatLogsHtml({ report: JSON.parse(formatSummary(summary.summary(), stats, "json", label)), timeline: overTime.series() }));
    } else if (!request.records) emit(formatSummary(summary.summary(), stats, request.format as LogsFormat, label));
    if (request.output) fs.writeFileSync(request.output, out.join(""));
    return 0;
}
