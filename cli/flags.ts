import { Command, Option } from "commander";
import { FORMATS } from "../audit/format/formats";
import { checkRegion, InputError } from "../engine/inputs";
import { DEFAULT_NAMING } from "../engine/naming";

/** Defaults of the flags, applied by commander and by callers that build flags themselves. */
export const FLAG_DEFAULTS = {
    roleName: "OrganizationAccountAccessRole",
    exemptTag: "s3-access-logging:exempt=true",
    nameTemplate: DEFAULT_NAMING.nameTemplate,
    targetPrefix: DEFAULT_NAMING.prefixTemplate,
    keyFormat: "partitioned",
    concurrency: "16",
    format: "table",
};

/**
 * The Region the tool calls AWS from: `--region`, else AWS_REGION or AWS_DEFAULT_REGION, else
 * us-east-1. A bad one is named by where it came from, the flag or the environment variable.
 */
export function homeRegionOf(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
    const source = flag !== undefined ? "--region" : ["AWS_REGION", "AWS_DEFAULT_REGION"].find((name) => env[name] !== undefined);
    return checkRegion(flag ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? "us-east-1", source ?? "--region");
}

/** An IAM role name: it goes into ARNs (and the printed policy), where a `*` would match other roles. */
export function checkRoleName(name: string): string {
    if (!/^[\w+=,.@/-]{1,64}$/.test(name)) throw new InputError("--role-name", `"${name}" is not an IAM role name.`);
    return name;
}

/** How old the newest log may be under --verify-delivery, unless --max-age says otherwise. */
export const DEFAULT_MAX_AGE = "24h";

const AWS_ACCESS = `
How AWS is reached:
  credentials  the AWS SDK's default chain: AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY,
               SSO, web identity, container and instance roles
  endpoint     AWS_ENDPOINT_URL (or AWS_ENDPOINT_URL_S3) sends every call elsewhere, e.g. a local emulator
  Region       --region, else AWS_REGION or AWS_DEFAULT_REGION, else us-east-1 (for Organizations and
               STS; each bucket is read in its own Region)
  member accounts  the role --role-name is assumed in each, except the caller's own account`;

/** Appends the exit codes of a subcommand and, when it calls AWS, how AWS is reached. */
export function describeExits(command: Command, exits: Record<number, string>, callsAws = true): Command {
    const lines = Object.entries(exits).map(([code, meaning]) => `  ${code}  ${meaning}`);
    return command.addHelpText("after", `\nExit codes:\n${lines.join("\n")}\n${callsAws ? AWS_ACCESS + "\n" : ""}`);
}

/** The flags that choose what to audit and how to judge it: shared by audit and remediate. */
export function auditFlags(command: Command): Command {
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
        .option("--account-concurrency <n>", "AWS calls in flight at once in one account (default: --concurrency)");
}

/** --format and --output of the audit report. */
export function reportFlags(command: Command): Command {
    return command
        .addOption(new Option("--format <format>", "report format").choices(FORMATS).default(FLAG_DEFAULTS.format))
        .option("--output <file>", "write the report to a file instead of stdout");
}
