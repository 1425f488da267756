import { Command } from "commander";
import { describeExits, FLAG_DEFAULTS } from "../flags";
import { Io } from "../io";

interface RollbackFlags {
    journal: string;
    roleName: string;
    externalId?: string;
    region?: string;
}

/** `s3-logging rollback`: undo what a journal recorded. */
export function rollbackCommand(program: Command, io: Io, done: (code: number) => void): void {
    const command = program.command("rollback").description("undo the changes recorded in a remediation journal")
        .requiredOption("--journal <file>", "journal written by remediate --apply")
        .option("--role-name <name>", "role to assume in member accounts", FLAG_DEFAULTS.roleName)
        .option("--external-id <id>", "external ID for the assumed role")
        .option("--region <region>", "Region for STS calls")
        .action(async (flags: RollbackFlags) => {
            const [{ parseFlags }, { clientsFor }, { readJournal }, { rollback }, { GetCallerIdentityCommand }] = await Promise.all([
                import("../options"), import("../clients"), import("../../remediation/journal"), import("../../remediation/rollback"),
                import("@aws-sdk/client-sts"),
            ]);
            const journal = readJournal(flags.journal);
            const options = parseFlags({ ...FLAG_DEFAULTS, org: false, ...flags });
            const clients = clientsFor(options, "rollback", io);
            clients.setCallerAccount((await clients.sts().send(new GetCallerIdentityCommand({}))).Account!);
            const result = await rollback(clients, journal);
            io.stdout(`${result.undone.length} of ${journal.changes.length} changes undone\n`);
            for (const n of result.notRestorable) io.stdout(`not restorable: ${n.bucket} logged to ${n.before}, which S3 no longer accepts (${n.reason}); left as remediated\n`);
            for (const e of result.errors) io.stderr(`error: ${e.bucket} ${e.operation}: ${e.message}\n`);
            done(result.errors.length > 0 ? 2 : 0);
        });
    describeExits(command, { 0: "every journaled change undone", 2: "bad input, an unreadable journal, or a change that could not be undone" });
}
