import { Command, Option } from "commander";
import * as fs from "fs";
import { checkAccountId, InputError } from "../../engine/inputs";
import { describeExits, FLAG_DEFAULTS } from "../flags";
import { checkWritable, Io } from "../io";

interface LogsFlags {
    bucket?: string;
    file?: string[];
    since: string;
    account?: string;
    roleName: string;
    region?: string;
    format: "table" | "json" | "csv" | "html";
    records?: boolean;
    output?: string;
    concurrency: string;
}

/** `s3-logging logs`: read a bucket's access logs, or local log files. */
export function logsCommand(program: Command, io: Io, done: (code: number) => void): void {
    const command = program.command("logs").description("read a bucket's access logs (or local log files) and summarise them")
        .option("--bucket <name>", "the source bucket whose logs to read")
        .option("--file <paths...>", "local log files instead (plain or gzip)")
        .option("--since <duration>", "only records this recent (30m, 24h, 7d)", "24h")
        .option("--account <id>", "the source bucket's account (default: the caller's)")
        .option("--role-name <name>", "role to assume in that account", FLAG_DEFAULTS.roleName)
        .option("--region <region>", "Region for STS and bucket-location calls")
        .addOption(new Option("--format <format>", "output format").choices(["table", "json", "csv", "html"]).default("table"))
        .option("--records", "print the records instead of the summary")
        .option("--concurrency <n>", "log objects downloaded at once", FLAG_DEFAULTS.concurrency)
        .option("--output <file>", "write to a file instead of stdout")
        .action(async (flags: LogsFlags) => {
            if (Boolean(flags.bucket) === Boolean(flags.file?.length)) throw new InputError("--bucket", "give either --bucket SOURCE or --file PATH..., not both or neither.");
            if (flags.records && flags.format === "html") throw new InputError("--records", "records come as table, json or csv; drop --records for the html page, or choose another --format.");
            const [{ parseDuration }, { parseFlags }] = await Promise.all([import("../../logs/layout"), import("../options")]);
            const sinceMs = parseDuration(flags.since, "--since");
            if (flags.account !== undefined) checkAccountId(flags.account, "--account");
            for (const f of flags.file ?? []) if (!fs.existsSync(f)) throw new InputError("--file", `${f} does not exist; give the path of a log file.`);
            checkWritable(flags.output, "--output");
            const options = parseFlags({ ...FLAG_DEFAULTS, org: false, roleName: flags.roleName, region: flags.region, concurrency: flags.concurrency });
            const [{ runLogs }, { clientsFor }] = await Promise.all([import("../../logs/command"), import("../clients")]);
            const now = new Date();
            const source = flags.file
                ? { files: flags.file }
                : { bucket: flags.bucket!, account: flags.account, clients: clientsFor(options, "logs", io), homeRegion: options.audit.homeRegion, concurrency: options.audit.concurrency };
            done(await runLogs({ source, since: new Date(now.getTime() - sinceMs), now, format: flags.format, records: Boolean(flags.records), output: flags.output }, io.stdout));
        });
    describeExits(command, { 0: "the logs were read", 2: "bad input, or the logs could not be read" });
}
