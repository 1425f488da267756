import { Command, Option } from "commander";
import * as fs from "fs";
import * as path from "path";
import { checkAccountId, InputError } from "../../engine/inputs";
import { CATALOGUE } from "../../logs/catalogue";
import { describeExits, FLAG_DEFAULTS } from "../flags";
import { checkWritable, Io, sameFile } from "../io";

interface LogsFlags {
    bucket?: string;
    file?: string[];
    since?: string;
    until?: string;
    operation?: string;
    status?: string;
    requester?: string;
    ip?: string;
    keyPrefix?: string;
    sql?: string;
    query?: string;
    records?: boolean;
    toParquet?: string;
    memoryLimit: string;
    account?: string;
    roleName: string;
    region?: string;
    format: "table" | "json" | "csv" | "html";
    output?: string;
    concurrency: string;
}

/** The window of `--bucket` when no --since is given; `--file` reads every record by default. */
const BUCKET_SINCE = "24h";

/** Flags that only reading a bucket uses, by commander's name. */
const BUCKET_ONLY = { region: "--region", roleName: "--role-name", concurrency: "--concurrency" };

const QUERIES = CATALOGUE.map((q) => `  ${q.name.padEnd(18)} ${q.title}`).join("\n");

/** `--to-parquet DIR`: a new or empty folder in an existing one. */
function checkParquetDir(dir: string | undefined): void {
    if (dir === undefined) return;
    if (fs.existsSync(dir) && (!fs.statSync(dir).isDirectory() || fs.readdirSync(dir).length > 0)) {
        throw new InputError("--to-parquet", `${dir} exists and is not an empty folder; give a new or empty folder.`);
    }
    if (!fs.existsSync(path.dirname(path.resolve(dir)))) throw new InputError("--to-parquet", `the parent folder of ${dir} does not exist; create it first.`);
}

/** Where `--bucket` logs are read from, and the clients to read them with. */
async function bucketSource(flags: LogsFlags, io: Io) {
    const [{ parseFlags }, { clientsFor }] = await Promise.all([import("../options"), import("../clients")]);
    const options = parseFlags({ ...FLAG_DEFAULTS, org: false, roleName: flags.roleName, region: flags.region, concurrency: flags.concurrency });
    return { bucket: flags.bucket!, account: flags.account, clients: clientsFor(options, "logs", io), homeRegion: options.audit.homeRegion, concurrency: options.audit.concurrency };
}

/** `s3-logging logs`: read a bucket's access logs, or local log files. */
export function logsCommand(program: Command, io: Io, done: (code: number) => void): void {
    const command = program.command("logs").description("read a bucket's access logs (or local log files): summary, records, SQL, Parquet")
        .option("--bucket <name>", "the source bucket whose logs to read")
        .option("--file <paths...>", "local log files instead (plain or gzip)")
        .option("--since <when>", `only records from then on: a duration (30m, 24h, 7d) or a UTC date/time (default: ${BUCKET_SINCE} with --bucket, everything with --file)`)
        .option("--until <when>", "only records before then (duration ago or UTC date/time)")
        .option("--operation <ops>", "only these operations, * as wildcard (REST.DELETE.*,REST.PUT.OBJECT)")
        .option("--status <codes>", "only these HTTP statuses or classes (404,5xx)")
        .option("--requester <ids>", "only these requesters, * as wildcard (arn:aws:iam::111111111111:*)")
        .option("--ip <ips>", "only these remote IPs, * as wildcard (10.0.*)")
        .option("--key-prefix <prefix>", "only keys starting with this")
        .option("--sql <query>", "run SQL over the selected records, in the view access_logs (Athena's columns)")
        .option("--query <name>", "run a named question of the catalogue (below)")
        .option("--records", "print the records instead of the summary")
        .option("--to-parquet <dir>", "also write the selected records as Parquet, partitioned by day")
        .option("--memory-limit <size>", "memory for the SQL engine; beyond it, it spills to a temp folder", "1GB")
        .option("--account <id>", "the source bucket's account (default: the caller's); also the owner in the other-accounts query")
        .option("--role-name <name>", "role to assume in that account", FLAG_DEFAULTS.roleName)
        .option("--region <region>", "Region for STS and bucket-location calls")
        .addOption(new Option("--format <format>", "output format (html: the summary as a page with charts and the catalogue's answers)").choices(["table", "json", "csv", "html"]).default("table"))
        .option("--concurrency <n>", "log objects downloaded at once", FLAG_DEFAULTS.concurrency)
        .option("--output <file>", "write to a file instead of stdout")
        .addHelpText("after", `\nNamed queries (--query), also created in Athena by the component:\n${QUERIES}\n`)
        .action(async (flags: LogsFlags, command: Command) => {
            if (Boolean(flags.bucket) === Boolean(flags.file?.length)) throw new InputError("--bucket", "give either --bucket SOURCE or --file PATH..., not both or neither.");
            // Local files are read without AWS: these flags, a bad value included, would be silently ignored.
            const awsOnly = Object.entries(BUCKET_ONLY).find(([name]) => flags.file && command.getOptionValueSource(name) === "cli");
            if (awsOnly) throw new InputError(awsOnly[1], "applies to --bucket only; drop it with --file.");
            const { parseInstant, parseSelection } = await import("../../logs/selection");
            const now = new Date();
            const sinceText = flags.since ?? (flags.bucket ? BUCKET_SINCE : undefined);
            const since = sinceText === undefined ? undefined : parseInstant(sinceText, now, "--since");
            const until = flags.until === undefined ? undefined : parseInstant(flags.until, now, "--until");
            if (since && until && since >= until) throw new InputError("--until", "is not after --since; widen the window.");
            const selection = { ...parseSelection(flags), since, until };
            const actions = [flags.sql !== undefined && "--sql", flags.query !== undefined && "--query", flags.records && "--records"].filter(Boolean);
            if (actions.length > 1) throw new InputError(actions[1] as string, `cannot be combined with ${actions[0]}; choose one.`);
            if (flags.format === "html" && actions.length > 0) {
                throw new InputError("--format", `html is the summary page (it already shows the catalogue's answers); drop ${actions[0]}, or choose table, json or csv.`);
            }
            if (flags.query !== undefined && !CATALOGUE.some((q) => q.name === flags.query)) {
                throw new InputError("--query", `"${flags.query}" is not a named query; use one of ${CATALOGUE.map((q) => q.name).join(", ")}.`);
            }
            if (!/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(flags.memoryLimit) || !(parseFloat(flags.memoryLimit) > 0)) {
                throw new InputError("--memory-limit", `"${flags.memoryLimit}" is not a size; write e.g. 512MB or 2GB.`);
            }
            // Not S3's rules for new buckets: older buckets in us-east-1 may have capitals and underscores.
            if (flags.bucket && !/^[\w.-]{3,255}$/.test(flags.bucket)) throw new InputError("--bucket", `"${flags.bucket}" is not a bucket name; give the name of the source bucket.`);
            if (flags.account !== undefined) checkAccountId(flags.account, "--account");
            for (const f of flags.file ?? []) if (!fs.existsSync(f) || !fs.statSync(f).isFile()) throw new InputError("--file", `${f} is not a file; give the path of a log file.`);
            checkWritable(flags.output, "--output");
            checkParquetDir(flags.toParquet);
            if (flags.output !== undefined) {
                // The output is written after reading: it would replace a log given as --file, or land in place of the Parquet folder.
                const input = flags.file?.find((f) => sameFile(f, flags.output!));
                if (input !== undefined) throw new InputError("--output", `${flags.output} is also a --file; write elsewhere, or it replaces the log.`);
                if (flags.toParquet !== undefined && sameFile(flags.toParquet, flags.output)) throw new InputError("--output", `${flags.output} is the --to-parquet folder; write elsewhere.`);
            }
            const { runLogs } = await import("../../logs/command");
            // Local files need neither AWS flags nor the SDK: load them only for --bucket.
            const source = flags.file ? { files: flags.file } : await bucketSource(flags, io);
            const action = flags.sql !== undefined ? { kind: "sql" as const, sql: flags.sql }
                : flags.query !== undefined ? { kind: "query" as const, name: flags.query }
                    : { kind: flags.records ? "records" as const : "summary" as const };
            done(await runLogs({
                source, selection, format: flags.format, action, toParquet: flags.toParquet, output: flags.output,
                engine: { memoryLimit: flags.memoryLimit }, ownerAccount: flags.account,
            }, io));
        });
    describeExits(command, { 0: "the logs were read", 2: "bad input (flags, --sql), a file cut short (its records before the cut are reported), or a file that is not an access log" });
}
