import { Command } from "commander";
import { auditFlags, describeExits } from "../flags";
import { checkWritable, Io } from "../io";
import type { RawFlags } from "../options";

interface RemediateFlags extends RawFlags {
    apply?: boolean;
    journal: string;
}

/** `s3-logging remediate`: plan the fixes; with --apply, make them and journal each one. */
export function remediateCommand(program: Command, io: Io, done: (code: number) => void): void {
    const command = auditFlags(program.command("remediate").description("plan the fixes (dry run); --apply carries them out and journals them"))
        .option("--apply", "make the changes")
        .option("--journal <file>", "where --apply records every change, for rollback", `s3-logging-journal-${new Date().toISOString().replace(/[:.]/g, "-")}.json`)
        .action(async (flags: RemediateFlags) => {
            const [{ parseFlags }, { clientsFor }, { runAudit }, { exitCode }, { planRemediation }, { formatPlan }, { applyPlan }, { JournalWriter }, { logBucketSpec }] =
                await Promise.all([
                    import("../options"), import("../clients"), import("../../audit/audit"), import("../../audit/report"),
                    import("../../remediation/plan"), import("../../remediation/formatPlan"), import("../../remediation/apply"),
                    import("../../remediation/journal"), import("../../engine"),
                ]);
            const options = parseFlags({ ...flags, format: "table" });
            if (flags.apply) checkWritable(flags.journal, "--journal");
            const clients = clientsFor(options, "remediate", io);
            const auditRun = await runAudit(clients, options.audit);
            const plan = planRemediation(auditRun, { naming: options.audit.naming });
            io.stdout(formatPlan(plan, Boolean(flags.apply)));
            if (!flags.apply) return done(exitCode(auditRun.report));
            const journal = new JournalWriter(flags.journal);
            const result = await applyPlan(clients, plan, logBucketSpec(), journal);
            io.stdout(`\n${result.applied.length} of ${plan.actions.length} actions applied; ${journal.changes.length} changes journaled in ${flags.journal}\n`);
            for (const e of result.errors) io.stderr(`error: ${e.bucket} ${e.operation}: ${e.message}\n`);
            done(result.errors.length > 0 ? 2 : 0);
        });
    describeExits(command, {
        0: "dry run: nothing to fix; --apply: every action applied",
        1: "dry run: findings (the plan shows what --apply would do)",
        2: "bad input, a bucket could not be evaluated, or an action failed",
    });
}
