import { Command, CommanderError, Option } from "commander";
import { SingleBar } from "cli-progress";
import * as fs from "fs";
import { InputError, logBucketSpec } from "../engine";
import { runAudit } from "./audit";
import { AwsClients } from "./clients";
import { formatReport } from "./format";
import { Mode, permissionsFor } from "./operations";
import { CliOptions, FLAG_DEFAULTS, parseFlags, RawFlags } from "./options";
import { exitCode } from "./report";
import { applyPlan } from "./remediation/apply";
import { JournalWriter, readJournal } from "./remediation/journal";
import { formatPlan } from "./remediation/formatPlan";
import { planRemediation } from "./remediation/plan";
import { rollback } from "./remediation/rollback";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { LogsFlags, runLogs } from "../logs/command";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const VERSION: string = require("../package.json").version;

export interface Io {
    stdout: (text: string) => void;
    stderr: (text: string) => void;
    /** Where the SDK connects; undefined = AWS (or AWS_ENDPOINT_URL). */
    endpoint?: string;
    credentials?: { accessKeyId: string; secretAccessKey: string };
    progress?: boolean;
}

const processIo: Io = {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    progress: process.stderr.isTTY,
};

export function clientsFor(options: CliOptions, mode: Mode, io: Io): AwsClients {
    return new AwsClients({
        region: options.audit.homeRegion, endpoint: io.endpoint, credentials: io.credentials,
        roleName: options.roleName, externalId: options.externalId, mode,
    });
}

/** A progress bar on stderr when it is a terminal; nothing otherwise. */
function progressFor(io: Io): { onProgress?: (done: number, total: number) => void; stop: () => void } {
    if (!io.progress) return { stop: () => undefined };
    const bar = new SingleBar({ stream: process.stderr, format: "auditing [{bar}] {value}/{total} buckets", clearOnComplete: true });
    let started = false;
    return {
        onProgress: (done, total) => {
            if (!started) bar.start(total, 0);
            started = true;
            bar.setTotal(total);
            bar.update(done);
        },
        stop: () => started && bar.stop(),
    };
}

function write(text: string, output: string | undefined, io: Io): void {
    if (output) fs.writeFileSync(output, text);
    else io.stdout(text);
}

function auditFlags(command: Command): Command {
    return command
        .option("--no-org", "audit only the caller's account, not the organization")
        .option("--ou <ids>", "only accounts under these OUs or roots, recursively (comma-separated)")
        .option("--accounts <ids>", "only these account IDs (comma-separated)")
        .option("--exclude-accounts <ids>", "never these account IDs (comma-separated)")
        .option("--role-name <name>", "role to assume in member accounts", FLAG_DEFAULTS.roleName)
        .option("--external-id <id>", "external ID for the assumed role")
        .option("--region <region>", "Region for Organizations and STS calls (default: AWS_REGION or us-east-1)")
        .option("--regions <regions>", "only buckets in these Regions (comma-separated)")
        .option("--exclude-buckets <patterns>", "bucket-name patterns (* and ?) exempt from the rules (comma-separated)")
        .option("--exempt-tag <key=value>", "tag that exempts a bucket (value * = any)", FLAG_DEFAULTS.exemptTag)
        .option("--name-template <template>", "log bucket name template", FLAG_DEFAULTS.nameTemplate)
        .option("--target-prefix <template>", "target prefix template", FLAG_DEFAULTS.targetPrefix)
        .option("--key-format <format>", "partitioned | partitioned-delivery-time | simple", FLAG_DEFAULTS.keyFormat)
        .option("--concurrency <n>", "AWS calls in flight at once", FLAG_DEFAULTS.concurrency)
        .option("--format <format>", "table | json | markdown | sarif | junit", FLAG_DEFAULTS.format)
        .option("--output <file>", "write the report to a file instead of stdout");
}

/** Runs the CLI with `argv` (without node and script); resolves with the exit code. */
export async function run(argv: string[], io: Io = processIo): Promise<number> {
    let code = 0;
    const program = new Command("s3-logging")
        .description("Audit and fix S3 server access logging across an AWS Organization.")
        .version(VERSION)
        .exitOverride()
        .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

    auditFlags(program.command("audit").description("judge every bucket of every account; exit 0 compliant, 1 findings, 2 could not evaluate"))
        .option("--verify-delivery", "also check that a log object arrived for every compliant bucket (rule logs-not-delivered)")
        .option("--max-age <duration>", "with --verify-delivery: the newest log may be this old (30m, 24h, 7d); allow for S3's delivery delay of hours", FLAG_DEFAULTS.maxAge)
        .action(async (flags: RawFlags) => {
            const options = parseFlags(flags);
            const progress = progressFor(io);
            const { report } = await runAudit(clientsFor(options, "audit", io), { ...options.audit, onProgress: progress.onProgress });
            progress.stop();
            write(formatReport(report, options.format, VERSION), options.output, io);
            code = exitCode(report);
        });

    auditFlags(program.command("remediate").description("plan the fixes (dry run); --apply carries them out and journals them"))
        .option("--apply", "make the changes")
        .option("--journal <file>", "where --apply records every change, for rollback", `s3-logging-journal-${new Date().toISOString().replace(/[:.]/g, "-")}.json`)
        .action(async (flags: RawFlags & { apply?: boolean; journal: string }) => {
            const options = parseFlags(flags);
            const clients = clientsFor(options, "remediate", io);
            const auditRun = await runAudit(clients, options.audit);
            const plan = planRemediation(auditRun, { naming: options.audit.naming });
            io.stdout(formatPlan(plan, Boolean(flags.apply)));
            if (!flags.apply) {
                code = exitCode(auditRun.report);
                return;
            }
            const journal = new JournalWriter(flags.journal);
            const result = await applyPlan(clients, plan, logBucketSpec(), journal);
            io.stdout(`\n${result.applied.length} of ${plan.actions.length} actions applied; ${journal.changes.length} changes journaled in ${flags.journal}\n`);
            for (const e of result.errors) io.stderr(`error: ${e.bucket} ${e.operation}: ${e.message}\n`);
            code = result.errors.length > 0 ? 2 : 0;
        });

    program.command("rollback").description("undo the changes recorded in a remediation journal")
        .requiredOption("--journal <file>", "journal written by remediate --apply")
        .option("--role-name <name>", "role to assume in member accounts", FLAG_DEFAULTS.roleName)
        .option("--external-id <id>", "external ID for the assumed role")
        .option("--region <region>", "Region for STS calls")
        .action(async (flags: { journal: string; roleName: string; externalId?: string; region?: string }) => {
            const journal = readJournal(flags.journal);
            const options = parseFlags({ ...FLAG_DEFAULTS, org: false, ...flags });
            const clients = clientsFor(options, "rollback", io);
            clients.setCallerAccount((await clients.sts().send(new GetCallerIdentityCommand({}))).Account!);
            const result = await rollback(clients, journal);
            io.stdout(`${result.undone.length} of ${journal.changes.length} changes undone\n`);
            for (const n of result.notRestorable) io.stdout(`not restorable: ${n.bucket} logged to ${n.before}, which S3 no longer accepts (${n.reason}); left as remediated\n`);
            for (const e of result.errors) io.stderr(`error: ${e.bucket} ${e.operation}: ${e.message}\n`);
            code = result.errors.length > 0 ? 2 : 0;
        });

    program.command("logs").description("read a bucket's access logs (or local log files) and summarise them")
        .option("--bucket <name>", "the source bucket whose logs to read")
        .option("--file <paths...>", "local log files instead (plain or gzip)")
        .option("--since <duration>", "only records this recent (30m, 24h, 7d)", "24h")
        .option("--account <id>", "the source bucket's account (default: the caller's)")
        .option("--role-name <name>", "role to assume in that account", FLAG_DEFAULTS.roleName)
        .option("--region <region>", "Region for STS and bucket-location calls")
        .addOption(new Option("--format <format>", "table | json | csv").choices(["table", "json", "csv"]).default("table"))
        .option("--records", "print the records instead of the summary")
        .option("--concurrency <n>", "log objects downloaded at once", FLAG_DEFAULTS.concurrency)
        .option("--output <file>", "write to a file instead of stdout")
        .action(async (flags: LogsFlags) => {
            code = await runLogs(flags, io, (options, mode) => clientsFor(options, mode, io));
        });

    program.command("permissions").description("print the least-privilege IAM policy, derived from the operations the tool declares")
        .addOption(new Option("--for <mode>", "what the policy is for").choices(["audit", "remediate", "rollback", "logs"]).default("audit"))
        .option("--role-name <name>", "role assumed in member accounts", FLAG_DEFAULTS.roleName)
        .action((flags: { for: Mode; roleName: string }) => {
            io.stdout(JSON.stringify(permissionsFor(flags.for, flags.roleName), null, 2) + "\n");
        });

    program.command("demo").description("start a local AWS emulator (moto), seed a demo organization, audit, remediate, audit again")
        .action(async () => {
            const { runDemo } = await import("../demo/runDemo");
            code = await runDemo(io);
        });

    try {
        await program.parseAsync(argv, { from: "user" });
        return code;
    } catch (e) {
        if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
        if (e instanceof InputError || (e as Error).name === "NamingError" || /^--(journal|since|file|bucket) /.test((e as Error).message)) {
            io.stderr(`error: ${(e as Error).message}\n`);
            return 2;
        }
        io.stderr(`error: ${(e as Error).stack ?? e}\n`);
        return 2;
    }
}
