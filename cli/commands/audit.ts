import { Command } from "commander";
import { auditFlags, DEFAULT_MAX_AGE, describeExits, reportFlags } from "../flags";
import { checkWritable, Io, writeOutput } from "../io";
import type { Format } from "../../audit/format/formats";
import type { RawFlags } from "../options";

interface AuditFlags extends RawFlags {
    /** Checked by commander (choices). */
    format: Format;
    output?: string;
    securityHub?: boolean;
}

/** `s3-logging audit`: judge every bucket, print or write the report. */
export function auditCommand(program: Command, io: Io, done: (code: number) => void): void {
    const command = reportFlags(auditFlags(program.command("audit").description("judge every bucket of every account against the rules")))
        .option("--verify-delivery", "also check that a log object arrived for every compliant bucket (rule logs-not-delivered)")
        .option("--max-age <duration>", `with --verify-delivery: the newest log may be this old (30m, 24h, 7d; default ${DEFAULT_MAX_AGE}); allow for S3's delivery delay of hours`)
        .option("--shard <i/N>", "audit only shard i of N of the accounts (stable, by account ID); combine the reports with `s3-logging merge`")
        .option("--security-hub", "import the findings into Security Hub (each bucket's account and Region), resolving those now fixed; needs `permissions --for security-hub`")
        .action(async (flags: AuditFlags) => {
            const [{ parseFlags }, { clientsFor }, { progressFor }, { runAudit }, { formatReport }, { exitCode }, { PACKAGE_VERSION }] = await Promise.all([
                import("../options"), import("../clients"), import("../progress"),
                import("../../audit/audit"), import("../../audit/format"), import("../../audit/report"), import("../../packageRoot"),
            ]);
            const options = parseFlags(flags);
            checkWritable(flags.output, "--output");
            const progress = progressFor(io);
            const clients = clientsFor(options, flags.securityHub ? "security-hub" : "audit", io);
            const { report } = await runAudit(clients, { ...options.audit, onProgress: progress.onProgress });
            progress.stop();
            writeOutput(formatReport(report, flags.format, PACKAGE_VERSION), flags.output, io);
            if (!flags.securityHub) return done(exitCode(report));
            const { importToSecurityHub } = await import("../../audit/securityHub");
            const imported = await importToSecurityHub(clients, report, { concurrency: options.audit.concurrency });
            io.stderr(`Security Hub: ${imported.imported} findings imported, ${imported.resolved} resolved\n`);
            for (const e of imported.errors) io.stderr(`error: Security Hub ${e.accountId} ${e.region} ${e.operation}: ${e.message}\n`);
            done(imported.errors.length > 0 ? 2 : exitCode(report));
        });
    describeExits(command, { 0: "every bucket compliant (or exempt)", 1: "findings", 2: "bad input, some bucket could not be evaluated, or the Security Hub import failed" });
}
