import { Command } from "commander";
import { auditFlags, DEFAULT_MAX_AGE, describeExits, reportFlags } from "../flags";
import { checkWritable, Io, writeOutput } from "../io";
import type { RawFlags } from "../options";

/** `s3-logging audit`: judge every bucket, print or write the report. */
export function auditCommand(program: Command, io: Io, done: (code: number) => void): void {
    const command = reportFlags(auditFlags(program.command("audit").description("judge every bucket of every account against the rules")))
        .option("--verify-delivery", "also check that a log object arrived for every compliant bucket (rule logs-not-delivered)")
        .option("--max-age <duration>", `with --verify-delivery: the newest log may be this old (30m, 24h, 7d; default ${DEFAULT_MAX_AGE}); allow for S3's delivery delay of hours`)
        .action(async (flags: RawFlags) => {
            const [{ parseFlags }, { clientsFor }, { progressFor }, { runAudit }, { formatReport }, { exitCode }] = await Promise.all([
                import("../options"), import("../clients"), import("../progress"),
                import("../../audit/audit"), import("../../audit/format"), import("../../audit/report"),
            ]);
            const { PACKAGE_VERSION } = await import("../../packageRoot");
            const options = parseFlags(flags);
            checkWritable(options.output, "--output");
            const progress = progressFor(io);
            const { report } = await runAudit(clientsFor(options, "audit", io), { ...options.audit, onProgress: progress.onProgress });
            progress.stop();
            writeOutput(formatReport(report, options.format, PACKAGE_VERSION), options.output, io);
            done(exitCode(report));
        });
    describeExits(command, { 0: "every bucket compliant (or exempt)", 1: "findings", 2: "bad input, or some bucket could not be evaluated" });
}
