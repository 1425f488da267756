import { Command } from "commander";
import { describeExits, FLAG_DEFAULTS } from "../flags";
import { Io } from "../io";

interface RollbackFlags {
    journal: string;
    roleName: string;
    externalId?: string;
    region?: string;
    force?: boolean;
    deleteLogBuckets?: boolean;
}

/** `s3-logging rollback`: undo what a journal recorded. */
export function rollbackCommand(program: Command, io: Io, done: (code: number) => void): void {
    const command = program.command("rollback").description("undo the changes recorded in a remediation journal")
        .requiredOption("--journal <file>", "journal written by remediate --apply (a journal cut off by a crash is read up to its last whole record)")
        .option("--role-name <name>", "role to assume in member accounts", FLAG_DEFAULTS.roleName)
        .option("--external-id <id>", "external ID for the assumed role")
        .option("--region <region>", "Region for STS calls")
        .option("--force", "also undo changes someone else has changed again since the apply (their change is lost)")
        .option("--delete-log-buckets", "delete log buckets the run created even when they hold objects; each is listed with its object count")
        .action(async (flags: RollbackFlags) => {
            const [{ parseFlags }, { clientsFor }, { checkNotBeingWritten, readJournal }, { rollback }, { GetCallerIdentityCommand }] = await Promise.all([
                import("../options"), import("../clients"), import("../../remediation/journal"), import("../../remediation/rollback"),
                import("@aws-sdk/client-sts"),
            ]);
            checkNotBeingWritten(flags.journal);
            const journal = readJournal(flags.journal);
            const options = parseFlags({ ...FLAG_DEFAULTS, org: false, ...flags });
            const clients = clientsFor(options, "rollback", io);
            clients.setCallerAccount((await clients.sts().send(new GetCallerIdentityCommand({}))).Account!);
            const result = await rollback(clients, journal, { force: flags.force, deleteLogBuckets: flags.deleteLogBuckets });
            io.stdout(`${result.undone.length} of ${result.total} changes undone\n`);
            for (const n of result.notRestorable) io.stdout(`not restorable: ${n.bucket} logged to ${n.before}, which S3 no longer accepts (${n.reason}); left as remediated\n`);
            for (const c of result.changedSince) io.stdout(`left alone: ${c.bucket} ${c.setting} ${c.note}\n`);
            for (const k of result.kept) {
                const by = k.targetedBy.length > 0 ? `; logged to by ${k.targetedBy.join(", ")}` : "";
                io.stdout(`kept log bucket ${k.bucket} (${k.accountId} ${k.region}): ${k.objects} objects${by}; ${k.reason}\n`);
            }
            for (const d of result.deleted) io.stdout(`deleted log bucket ${d.bucket} and the ${d.objects} objects in it\n`);
            for (const e of result.errors) io.stderr(`error: ${e.bucket} ${e.operation}: ${e.message}\n`);
            done(result.errors.length > 0 ? 2 : result.changedSince.length + result.kept.length > 0 ? 1 : 0);
        });
    describeExits(command, {
        0: "every journaled change undone (or reported as not restorable)",
        1: "something was left in place on purpose: a change made again by someone else, or a log bucket kept (listed)",
        2: "bad input, an unreadable journal, or a change that could not be undone",
    });
}
