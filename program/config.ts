import {
    checkAccountId, checkPositiveInteger, checkRegion, checkRegions, DEFAULT_NAMING, InputError, NamingConvention, NamingError,
    parseKeyFormat, validateNaming,
} from "../engine";
import { AccountScope, parseShard, validateScope } from "../discovery/accounts";
import { checkAthenaKeys, checkTransition } from "../components/regionalLogBucket";

/** The project's config namespace (`Pulumi.yaml` name). */
export const NAMESPACE = "s3-access-logging";

export interface SourceBucket {
    bucket: string;
    accountId: string;
    region: string;
}

export interface ProgramConfig {
    regions: string[];
    /** Explicit accounts; when set, Organizations is not asked. */
    accounts?: string[];
    scope: AccountScope;
    roleName: string;
    externalId?: string;
    naming: NamingConvention;
    expirationDays: number;
    transition?: { days: number; storageClass: string };
    sourceBuckets: SourceBucket[];
    tags: Record<string, string>;
    /** Glue table, Athena workgroup and named queries on every log bucket. */
    athena: boolean;
}

/** What the program reads config through; `pulumi.Config` has this shape. */
export interface ConfigSource {
    get(key: string): string | undefined;
    getObject<T>(key: string): T | undefined;
}

const key = (name: string) => `${NAMESPACE}:${name}`;

function list(source: ConfigSource, name: string): string[] | undefined {
    const value = source.getObject<unknown>(name);
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
        throw new InputError(key(name), "must be a list of strings.");
    }
    return value as string[];
}

function readBoolean(source: ConfigSource, name: string): boolean {
    const value = source.getObject<unknown>(name) ?? false;
    if (typeof value !== "boolean") throw new InputError(key(name), "must be true or false.");
    return value;
}

/**
 * Reads and checks the whole stack config before any resource is registered. Every error
 * names the config key and the fix.
 */
export function readProgramConfig(source: ConfigSource): ProgramConfig {
    const regions = checkRegions(source.getObject<unknown>("regions"), key("regions"));
    const accounts = list(source, "accounts")?.map((id, i) => checkAccountId(id, `${key("accounts")}[${i}]`));
    const shard = source.get("shard");
    const scope: AccountScope = {
        organizationalUnits: list(source, "organizationalUnits"),
        includeAccounts: list(source, "includeAccounts"),
        excludeAccounts: list(source, "excludeAccounts"),
        shard: shard === undefined ? undefined : parseShard(shard, key("shard")),
    };
    validateScope(scope, { include: key("includeAccounts"), exclude: key("excludeAccounts"), ous: key("organizationalUnits") });
    if (accounts && scope.organizationalUnits?.length) {
        throw new InputError(key("accounts"), `set either ${key("accounts")} or ${key("organizationalUnits")}, not both.`);
    }

    const roleName = source.get("roleName") ?? "OrganizationAccountAccessRole";
    if (!/^[\w+=,.@/-]{1,64}$/.test(roleName)) throw new InputError(key("roleName"), `"${roleName}" is not an IAM role name.`);

    const naming: NamingConvention = {
        nameTemplate: source.get("nameTemplate") ?? DEFAULT_NAMING.nameTemplate,
        prefixTemplate: source.get("targetPrefix") ?? DEFAULT_NAMING.prefixTemplate,
        keyFormat: parseKeyFormat(source.get("keyFormat") ?? "partitioned", key("keyFormat")),
    };
    try {
        validateNaming(naming, key("nameTemplate"));
    } catch (e) {
        throw e instanceof NamingError && e.message.startsWith("targetPrefix") ? new InputError(key("targetPrefix"), e.message) : e;
    }

    const expirationDays = checkPositiveInteger(source.getObject<unknown>("expirationDays") ?? 365, key("expirationDays"));
    const transitionDays = source.getObject<unknown>("transitionDays");
    // Checked here as the log buckets will check it, so that the error names the config keys and comes before any AWS call.
    const transition = transitionDays === undefined ? undefined : checkTransition(
        { days: transitionDays as number, storageClass: source.get("transitionStorageClass") ?? "STANDARD_IA" },
        expirationDays,
        { days: key("transitionDays"), storageClass: key("transitionStorageClass"), expirationDays: key("expirationDays") },
    );

    const rawSources = source.getObject<unknown[]>("sourceBuckets") ?? [];
    const seen = new Map<string, number>();
    const sourceBuckets = rawSources.map((raw, i) => {
        const field = `${key("sourceBuckets")}[${i}]`;
        const s = (raw ?? {}) as Partial<SourceBucket>;
        if (typeof s.bucket !== "string" || s.bucket === "") throw new InputError(`${field}.bucket`, "name the bucket to log.");
        // A bucket has one logging configuration, and a second entry would register a duplicate URN mid-deployment.
        const first = seen.get(s.bucket);
        if (first !== undefined) throw new InputError(`${field}.bucket`, `${s.bucket} is already listed at ${key("sourceBuckets")}[${first}]; list each bucket once.`);
        seen.set(s.bucket, i);
        const region = checkRegion(s.region, `${field}.region`);
        if (!regions.includes(region)) {
            throw new InputError(`${field}.region`, `${region} is not in ${key("regions")}; add it there so the account has a log bucket in ${region}.`);
        }
        return { bucket: s.bucket, accountId: checkAccountId(s.accountId, `${field}.accountId`), region };
    });

    const athena = readBoolean(source, "athena");
    checkAthenaKeys(athena, naming, { athena: key("athena"), keyFormat: key("keyFormat") });

    return {
        regions,
        accounts,
        scope,
        roleName,
        externalId: source.get("externalId"),
        naming,
        expirationDays,
        transition,
        sourceBuckets,
        tags: source.getObject<Record<string, string>>("tags") ?? {},
        athena,
    };
}
