import {
    checkList, checkRegions, InputError, NamingConvention, NamingError, parseKeyFormat, validateNaming,
} from "../engine";
import { AccountScope, parseShard, validateScope } from "../discovery/accounts";
import { AuditOptions } from "../audit/audit";
import { parseDuration } from "../logs/layout";
import { checkRoleName, DEFAULT_MAX_AGE, homeRegionOf } from "./flags";

export { FLAG_DEFAULTS } from "./flags";

/** Flags as commander hands them over. */
export interface RawFlags {
    org: boolean;
    ou?: string;
    accounts?: string;
    excludeAccounts?: string;
    /** `i/N`: only shard i of N of the organization's accounts (audit only). */
    shard?: string;
    roleName: string;
    externalId?: string;
    region?: string;
    regions?: string;
    excludeBuckets?: string;
    exemptTag: string;
    nameTemplate: string;
    targetPrefix: string;
    keyFormat: string;
    concurrency: string;
    accountConcurrency?: string;
    verifyDelivery?: boolean;
    /** Only with verifyDelivery. @default DEFAULT_MAX_AGE */
    maxAge?: string;
}

export interface CliOptions {
    audit: AuditOptions;
    roleName: string;
    externalId?: string;
}

const list = (value: string | undefined) => value?.split(",").map((s) => s.trim()).filter(Boolean);

/** Checks every flag before any AWS call; errors name the flag and the fix. */
export function parseFlags(flags: RawFlags, env: NodeJS.ProcessEnv = process.env): CliOptions {
    const homeRegion = homeRegionOf(flags.region, env);
    // The SDK would fail on the first call with a bare "Invalid URL" (AwsClients reads these two).
    for (const name of ["AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"]) {
        const url = env[name];
        if (url !== undefined && !URL.canParse(url)) throw new InputError(name, `"${url}" is not a URL; write e.g. http://localhost:5000, or unset it to reach AWS.`);
    }
    const scope: AccountScope = {
        organizationalUnits: checkList(flags.ou, "--ou", "OU or root ID"),
        includeAccounts: checkList(flags.accounts, "--accounts", "account ID (12 digits, comma-separated)"),
        excludeAccounts: checkList(flags.excludeAccounts, "--exclude-accounts", "account ID (12 digits, comma-separated)"),
    };
    validateScope(scope, { include: "--accounts", exclude: "--exclude-accounts", ous: "--ou" });
    if (!flags.org && (scope.organizationalUnits || scope.includeAccounts)) {
        throw new InputError("--no-org", "audits only the caller's account; drop --ou/--accounts, or drop --no-org.");
    }
    if (flags.shard !== undefined) {
        if (!flags.org) throw new InputError("--shard", "splits the organization's accounts; drop --no-org, or drop --shard.");
        scope.shard = parseShard(flags.shard, "--shard");
    }
    const regions = flags.regions === undefined ? undefined : checkRegions(list(flags.regions), "--regions");
    const naming: NamingConvention = {
        nameTemplate: flags.nameTemplate,
        prefixTemplate: flags.targetPrefix,
        keyFormat: parseKeyFormat(flags.keyFormat, "--key-format"),
    };
    try {
        validateNaming(naming, "--name-template");
    } catch (e) {
        if (e instanceof NamingError && e.message.startsWith("targetPrefix")) throw new InputError("--target-prefix", e.message);
        throw e;
    }
    const tag = /^([^=]+)=(.*)$/.exec(flags.exemptTag);
    if (!tag) throw new InputError("--exempt-tag", `"${flags.exemptTag}" must be KEY=VALUE (VALUE * matches any value).`);
    const count = (value: string, flag: string) => {
        const n = Number(value);
        if (!Number.isInteger(n) || n < 1 || n > 256) throw new InputError(flag, `"${value}" must be a whole number from 1 to 256.`);
        return n;
    };
    const concurrency = count(flags.concurrency, "--concurrency");
    const accountConcurrency = flags.accountConcurrency === undefined ? undefined : count(flags.accountConcurrency, "--account-concurrency");
    checkRoleName(flags.roleName);
    if (flags.maxAge !== undefined && !flags.verifyDelivery) {
        throw new InputError("--max-age", "only applies to the delivery check; add --verify-delivery, or drop --max-age.");
    }
    const maxAgeMs = flags.verifyDelivery ? parseDuration(flags.maxAge ?? DEFAULT_MAX_AGE, "--max-age") : undefined;
    return {
        audit: {
            organization: flags.org,
            scope,
            homeRegion,
            regions,
            exemptions: { patterns: list(flags.excludeBuckets) ?? [], tags: { [tag[1]]: tag[2] }, patternSetting: "--exclude-buckets" },
            naming,
            concurrency,
            accountConcurrency,
            verifyDeliveryMaxAgeMs: maxAgeMs,
        },
        roleName: flags.roleName,
        externalId: flags.externalId,
    };
}
