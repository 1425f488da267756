import { Command, CommanderError } from "commander";
import { PACKAGE_VERSION } from "../packageRoot";
import { auditCommand } from "./commands/audit";
import { demoCommand } from "./commands/demo";
import { logsCommand } from "./commands/logs";
import { mergeCommand } from "./commands/merge";
import { permissionsCommand } from "./commands/permissions";
import { remediateCommand } from "./commands/remediate";
import { rollbackCommand } from "./commands/rollback";
import { userMessage } from "./errors";
import { Io, processIo } from "./io";

/**
 * Runs the CLI with `argv` (without node and script); resolves with the exit code. Each
 * subcommand loads its feature (and the AWS SDK) only when it runs, so help is instant.
 */
export async function run(argv: string[], io: Io = processIo): Promise<number> {
    let code = 0;
    const done = (c: number) => {
        code = c;
    };
    const program = new Command("s3-logging")
        .description("Audit and fix S3 server access logging across an AWS Organization, and read the logs.")
        .version(PACKAGE_VERSION)
        .exitOverride()
        .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
    for (const register of [auditCommand, mergeCommand, remediateCommand, rollbackCommand, logsCommand, permissionsCommand, demoCommand]) {
        register(program, io, done);
    }
    for (const command of program.commands) command.exitOverride();
    try {
        await program.parseAsync(argv, { from: "user" });
        return code;
    } catch (e) {
        if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
        io.stderr(`error: ${userMessage(e)}\n`);
        return 2;
    }
}
