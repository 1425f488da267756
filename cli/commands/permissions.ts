import { Command, Option } from "commander";
import { Mode, MODES, permissionsFor } from "../../aws/operations";
import { partitionOf } from "../../engine";
import { checkRoleName, describeExits, FLAG_DEFAULTS, homeRegionOf } from "../flags";
import { Io } from "../io";

/** `s3-logging permissions`: the least-privilege IAM policy of a mode. */
export function permissionsCommand(program: Command, io: Io, done: (code: number) => void): void {
    const command = program.command("permissions").description("print the least-privilege IAM policy, derived from the operations the tool declares")
        .addOption(new Option("--for <mode>", "what the policy is for").choices(MODES).default("audit"))
        .option("--role-name <name>", "role assumed in member accounts", FLAG_DEFAULTS.roleName)
        .option("--region <region>", "Region the tool runs in, for the partition of the ARNs (default: AWS_REGION or us-east-1)")
        .action((flags: { for: Mode; roleName: string; region?: string }) => {
            io.stdout(JSON.stringify(permissionsFor(flags.for, checkRoleName(flags.roleName), partitionOf(homeRegionOf(flags.region))), null, 2) + "\n");
            done(0);
        });
    describeExits(command, { 0: "the policy was printed", 2: "bad input" }, false);
}
