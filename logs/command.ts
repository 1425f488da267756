import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import * as fs from "fs";
import { checkAccountId, InputError } from "../engine";
import { AwsClients } from "../audit/clients";
import { Io } from "../audit/cli";
import { Mode } from "../audit/operations";
import { CliOptions, FLAG_DEFAULTS, parseFlags } from "../audit/options";
import { locateLogs, readLogs } from "./fetchLogs";
import { parseDuration } from "./layout";
import { LogsFormat, formatSummary, recordWriter } from "./output";
import { LogRecord, newStats, openLogFile, parseStream, ParseStats } from "./parser";
import { Summarizer } from "./summary";

export interface LogsFlags {
    bucket?: string;
    file?: string[];
    since: string;
    account?: string;
    roleName: string;
    region?: string;
    format: LogsFormat;
    records?: boolean;
    output?: string;
    concurrency: string;
}

/** `s3-logging logs`: checks its flags, reads the logs, prints the summary or the records. */
export async function runLogs(flags: LogsFlags, io: Io, clientsFor: (options: CliOptions, mode: Mode) => AwsClients): Promise<number> {
    if (Boolean(flags.bucket) === Boolean(flags.file?.length)) throw new InputError("--bucket", "give either --bucket SOURCE or --file PATH..., not both or neither.");
    const sinceMs = parseDuration(flags.since, "--since");
    if (flags.account !== undefined) checkAccountId(flags.account, "--account");
    flags.file?.forEach((f) => {
        if (!fs.existsSync(f)) throw new InputError("--file", `${f} does not exist.`);
    });
    const options = parseFlags({ ...FLAG_DEFAULTS, org: false, roleName: flags.roleName, region: flags.region, concurrency: flags.concurrency });
    const now = new Date();
    const since = new Date(now.getTime() - sinceMs);

    const out: string[] = [];
    const emit = (text: string) => (flags.output ? out.push(text) : io.stdout(text));
    const summary = new Summarizer();
    const writer = recordWriter(flags.format);
    if (flags.records) emit(writer.header);
    const onRecord = (r: LogRecord) => (flags.records ? emit(writer.line(r)) : summary.add(r));

    let label: string;
    let stats: ParseStats & { objects: number };
    if (flags.file) {
        label = flags.file.join(", ");
        stats = { ...newStats(), objects: flags.file.length };
        const from = since.toISOString();
        for (const file of flags.file) await parseStream(await openLogFile(file), (r) => r.time >= from && onRecord(r), stats);
    } else {
        const clients = clientsFor(options, "logs");
        const caller = (await clients.sts().send(new GetCallerIdentityCommand({}))).Account!;
        clients.setCallerAccount(caller);
        const location = await locateLogs(clients, flags.account ?? caller, flags.bucket!, options.audit.homeRegion);
        label = `${flags.bucket} → s3://${location.targetBucket}/${location.targetPrefix} (${location.keyFormat?.kind ?? "simple"} keys), since ${since.toISOString()}`;
        stats = await readLogs(clients, location, since, now, onRecord, options.audit.concurrency);
    }
    if (!flags.records) emit(formatSummary(summary.summary(), stats, flags.format, label));
    if (flags.output) fs.writeFileSync(flags.output, out.join(""));
    return 0;
}
