import { Command, Option } from "commander";
import { InputError } from "../../engine/inputs";
import { PLAN_FORMATS, PlanFormat } from "../../remediation/formatPlan";
import { auditFlags, describeExits, FLAG_DEFAULTS } from "../flags";
import { checkWritable, Io, sameFile, writeOutput } from "../io";
import type { RawFlags } from "../options";

interface RemediateFlags extends RawFlags {
    /** Checked by commander (choices). */
    format: PlanFormat;
    output?: string;
    apply?: boolean;
    journal: string;
}

/** `s3-logging remediate`: plan the fixes; with --apply, make them and journal each one. */
export function remediateCommand(program: Command, io: Io, done: (code: number) => void): void {
    const command = auditFlags(program.command("remediate").description("plan the fixes (dry run); --apply carries them out and journals them"))
        .addOption(new Option("--format <format>", "plan format").choices(PLAN_FORMATS).default(FLAG_DEFAULTS.format))
        .option("--output <file>", "write the plan to a file instead of stdout")
        .option("--apply", "make the changes")
        .option("--journal <file>", "where --apply records every change, for rollback; an existing journal is continued",
            `s3-logging-journal-${new Date().toISOString().replace(/[:.]/g, "-")}.jsonl`)
        .action(async (flags: RemediateFlags) => {
            const [{ parseFlags }, { clientsFor }, { runAudit }, { exitCode }, { planRemediation }, { formatPlan }, { applyPlan }, { JournalWriter }, { hardeningGaps }, { logBucketSpec }] =
                await Promise.all([
                    import("../options"), import("../clients"), import("../../audit/audit"), import("../../audit/report"),
                    import("../../remediation/plan"), import("../../remediation/formatPlan"), import("../../remediation/apply"),
                    import("../../remediation/journal"), import("../../remediation/inspect"), import("../../engine"),
                ]);
            const options = parseFlags(flags);
            checkWritable(flags.output, "--output");
            if (flags.apply) checkWritable(flags.journal, "--journal");
            // The plan written over the journal would leave nothing to roll back.
            if (flags.apply && flags.output !== undefined && sameFile(flags.output, flags.journal)) {
                throw new InputError("--output", `${flags.output} is also the --journal; write the plan elsewhere.`);
            }
            // Opened before any AWS call: an existing file must be a journal, and no other apply may be writing it.
            const journal = flags.apply ? new JournalWriter(flags.journal) : undefined;
            try {
                const clients = clientsFor(options, "remediate", io);
                const auditRun = await runAudit(clients, options.audit);
                const spec = logBucketSpec();
                const { gaps, errors } = await hardeningGaps(clients, auditRun, options.audit.naming, spec, options.audit);
                const plan = planRemediation(auditRun, { naming: options.audit.naming, gaps });
                writeOutput(formatPlan(plan, journal !== undefined, flags.format), flags.output, io);
                for (const e of errors) io.stderr(`error: ${e.bucket} ${e.operation}: ${e.message}\n`);
                const judged = errors.length > 0 ? 2 : exitCode(auditRun.report);
                if (!journal) return done(plan.actions.length > 0 ? Math.max(1, judged) : judged);
                const result = await applyPlan(clients, plan, spec, journal);
                io.stdout(`\n${result.applied.length} of ${plan.actions.length} actions applied; ${journal.changes.length} changes journaled in ${flags.journal}\n`);
                for (const e of result.errors) io.stderr(`error: ${e.bucket} ${e.operation}: ${e.message}\n`);
                done(result.errors.length > 0 || errors.length > 0 ? 2 : 0);
            } finally {
                journal?.close();
            }
        });
    describeExits(command, {
        0: "dry run: nothing to fix; --apply: every action applied",
        1: "dry run: findings or a log bucket to complete (the plan shows what --apply would do)",
        2: "bad input, a bucket could not be evaluated, or an action failed",
    });
}
