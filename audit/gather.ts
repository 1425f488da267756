import {
    GetBucketAclCommand, GetBucketEncryptionCommand, GetBucketLoggingCommand, GetBucketOwnershipControlsCommand,
    GetBucketPolicyCommand, GetBucketRequestPaymentCommand, GetBucketTaggingCommand, GetObjectLockConfigurationCommand,
    HeadBucketCommand, LoggingEnabled, S3Client,
} from "@aws-sdk/client-s3";
import {
    BucketFacts, DefaultEncryption, evaluate, Exemptions, exemptionOf, isDesignatedLogBucket, isUnknown, Known, NamingConvention,
    ObjectOwnership, parsePolicy, unknown,
} from "../engine";
import { OrgAccount } from "../discovery/accounts";
import { AwsClients } from "../aws/clients";
import { errorCode, errorMessage, isNoSuchBucket, NOT_SET } from "../aws/errors";
import { CallRunner, listBuckets, ListedBucket } from "../aws/inventory";
import { grantsOf, loggingConfigOf } from "../aws/loggingConfig";
import { accountLimits, CallLimits, roundRobin } from "./accountLimits";

export interface AuditError {
    accountId: string | null;
    region: string | null;
    bucket: string | null;
    operation: string;
    message: string;
}

export interface GatherOptions extends CallLimits {
    /** The accounts whose buckets are judged. */
    accounts: OrgAccount[];
    /**
     * The organization's other accounts when this run is one shard: only their bucket lists are
     * read, so a target they own is known as theirs, as in a run over every account.
     */
    otherShards?: OrgAccount[];
    homeRegion: string;
    /** Only buckets in these Regions are judged. @default all */
    regions?: string[];
    /** `--exclude-buckets` patterns and `--exempt-tag`. */
    exemptions: Exemptions;
    naming: NamingConvention;
    onProgress?: (done: number, total: number) => void;
}

/** What remediation needs beyond the facts: the raw configuration it must carry over or restore. */
export interface BucketState {
    accountId: string;
    region: string;
    logging?: LoggingEnabled | null;
    policyText?: string | null;
}

export interface Gathered {
    facts: BucketFacts[];
    /** Raw state by bucket name, for buckets of audited accounts. */
    state: Map<string, BucketState>;
    errors: AuditError[];
    accountsAudited: OrgAccount[];
}

/**
 * Gathers the facts of every bucket of the given accounts, and of every logging target, each
 * target once however many sources use it. A failed call becomes an error entry and an
 * unknown fact; nothing aborts the run.
 */
export async function gatherFacts(clients: AwsClients, options: GatherOptions): Promise<Gathered> {
    const errors: AuditError[] = [];
    const limit = accountLimits(options);
    const fail = (where: Partial<ListedBucket>, operation: string, e: unknown) => {
        errors.push({ accountId: where.accountId ?? null, region: where.region ?? null, bucket: where.name ?? null, operation, message: errorMessage(e) });
        return unknown(`${operation}: ${errorCode(e)}`);
    };
    /** Runs one call; "not found" codes mean the AWS default, other failures become unknowns. */
    async function read<T>(where: ListedBucket, operation: string, call: () => Promise<T>, notFound?: [string, T]): Promise<Known<T>> {
        try {
            return await call();
        } catch (e) {
            if (notFound && errorCode(e) === notFound[0]) return notFound[1];
            return fail(where, operation, e);
        }
    }

    // 1. Inventory: every account's buckets (a refused AssumeRole skips that account).
    const listed: ListedBucket[] = [];
    const audited: OrgAccount[] = [];
    // Each call of the listing takes its own slot, so no slot is held while waiting for another.
    const runIn = (accountId: string): CallRunner => (call) => limit(accountId, call);
    await Promise.all(options.accounts.map(async (account) => {
        try {
            await runIn(account.id)(() => clients.credentials(account.id)());
        } catch (e) {
            fail({ accountId: account.id }, "AssumeRole", e);
            return;
        }
        try {
            // One by one: an account may hold far more buckets than a spread into push takes.
            for (const b of await listBuckets(clients, account.id, options.homeRegion, runIn(account.id))) listed.push(b);
            audited.push(account);
        } catch (e) {
            fail({ accountId: account.id }, "ListBuckets", e);
        }
    }));
    const inScope = listed.filter((b) => !options.regions || options.regions.includes(b.region));
    const owned = new Map(listed.map((b) => [b.name, b]));
    const organizationOf = new Map(options.accounts.map((a) => [a.id, a.organizationId]));

    // 2. Sources: the logging of every in-scope bucket; tags where they can matter already.
    const state = new Map<string, BucketState>();
    const byName = new Map<string, BucketFacts>();
    const targets = new Map<string, ListedBucket>();
    let done = 0;
    const tick = () => options.onProgress?.(++done, inScope.length + targets.size);
    const readTags = async (b: ListedBucket, facts: BucketFacts) => {
        const s3 = clients.s3(b.accountId, b.region);
        const tags = await read(b, "GetBucketTagging", async () => tagsOf((await s3.send(new GetBucketTaggingCommand({ Bucket: b.name }))).TagSet), [NOT_SET.tags, {}]);
        Object.assign(facts, {
            tags,
            designatedLogBucket: isDesignatedLogBucket(options.naming, b.name, isUnknown(tags) ? undefined : tags),
            exemption: exemptionOf(b.name, tags, options.exemptions),
        });
    };
    await Promise.all(roundRobin(inScope).map((b) => limit(b.accountId, async () => {
        const s3 = clients.s3(b.accountId, b.region);
        const loggingRaw = await read(b, "GetBucketLogging", async () => (await s3.send(new GetBucketLoggingCommand({ Bucket: b.name }))).LoggingEnabled ?? null);
        state.set(b.name, { accountId: b.accountId, region: b.region, logging: isUnknown(loggingRaw) ? undefined : loggingRaw });
        const logging = isUnknown(loggingRaw) ? loggingRaw : loggingConfigOf(loggingRaw);
        const facts: BucketFacts = {
            name: b.name, accountId: b.accountId, organizationId: organizationOf.get(b.accountId), region: b.region, exists: true, inScope: true, logging,
            // Target-side facts are filled in below for buckets that are targets.
            policy: unknown("not read: not a logging target"), aclGrants: [], ownership: "BucketOwnerEnforced",
            encryption: { algorithm: "AES256" }, objectLockRetention: false, requesterPays: false,
            tags: unknown("not read yet"), designatedLogBucket: isDesignatedLogBucket(options.naming, b.name, undefined),
            exemption: exemptionOf(b.name, undefined, options.exemptions),
        };
        // Without logging, tags decide between "exempt" and "logging-disabled".
        if (logging === null) await readTags(b, facts);
        byName.set(b.name, facts);
        const target = isUnknown(logging) ? undefined : logging?.targetBucket;
        // The target is read with the credentials of its owner if audited, else of a source.
        if (target && !targets.has(target)) targets.set(target, owned.get(target) ?? { name: target, accountId: b.accountId, region: b.region });
        tick();
    })));

    // When a target belongs to none of a shard's accounts, the shard lists the other shards'
    // buckets: the owner of a target decides its verdicts. Their own shard reports their failures.
    if (options.otherShards?.length && [...targets.keys()].some((t) => !owned.has(t))) {
        await Promise.all(options.otherShards.map(async (account) => {
            for (const b of await listBuckets(clients, account.id, options.homeRegion, runIn(account.id)).catch(() => [])) {
                owned.set(b.name, b);
                if (targets.has(b.name)) targets.set(b.name, b);
            }
        }));
    }

    // 3. Targets: once each. A target's reads run together, so each call takes its own slot.
    const readIn: Read = (where, operation, call, notFound) => read(where, operation, () => limit(where.accountId, call), notFound);
    await Promise.all(roundRobin([...targets.values()]).map(async (t) => {
        const facts = await targetFacts(clients, t, owned.has(t.name), readIn);
        const existing = byName.get(t.name);
        const { policyText: _text, ...targetSide } = facts;
        byName.set(t.name, existing ? { ...existing, ...targetSide } : {
            ...targetSide, name: t.name, inScope: false, designatedLogBucket: false,
            logging: unknown("not read: outside the audit"), tags: unknown("not read: outside the audit"),
        });
        const s = state.get(t.name);
        if (s && !isUnknown(facts.policyText)) s.policyText = facts.policyText;
        tick();
    }));
    // 4. Tags of the remaining buckets matter only where a rule fires or could not run: an
    // exemption or a log-bucket tag could change that verdict. A provisional judgement says where.
    const provisional = evaluate(byName.values());
    const flagged = new Set([...provisional.findings, ...provisional.unevaluated].map((f) => f.bucket));
    await Promise.all(inScope.filter((b) => flagged.has(b.name) && isUnknown(byName.get(b.name)!.tags)).map((b) => limit(b.accountId, () => readTags(b, byName.get(b.name)!))));
    return { facts: [...byName.values()], state, errors, accountsAudited: audited.sort((a, b) => a.id.localeCompare(b.id)) };
}

function tagsOf(set: { Key?: string; Value?: string }[] | undefined): Record<string, string> {
    return Object.fromEntries((set ?? []).map((t) => [t.Key!, t.Value ?? ""]));
}

type Read = <T>(where: ListedBucket, operation: string, call: () => Promise<T>, notFound?: [string, T]) => Promise<Known<T>>;

/** The target side of a bucket: existence, Region, owner and what decides delivery. */
async function targetFacts(clients: AwsClients, t: ListedBucket, ownedByAudit: boolean, read: Read) {
    const s3: S3Client = clients.s3(t.accountId, t.region);
    let region: Known<string> = t.region;
    let exists: Known<boolean> = true;
    if (!ownedByAudit) {
        // null: the bucket is gone.
        const head = await read(t, "HeadBucket", () => s3.send(new HeadBucketCommand({ Bucket: t.name })).catch((e) => {
            if (isNoSuchBucket(e)) return null;
            throw e;
        }));
        exists = isUnknown(head) ? head : head !== null;
        if (head && !isUnknown(head)) region = head.BucketRegion ?? t.region;
    }
    // Ownership is decided by the inventory: ListBuckets of an account lists exactly what it owns.
    const accountId: Known<string> = ownedByAudit ? t.accountId : "(an account outside this audit)";
    if (exists !== true) {
        return { accountId, region, exists, policy: null, policyText: null, aclGrants: [], ownership: "BucketOwnerEnforced" as ObjectOwnership, encryption: { algorithm: "AES256" } as DefaultEncryption, objectLockRetention: false, requesterPays: false };
    }
    const at = { ...t, region: isUnknown(region) ? t.region : region };
    const regional = clients.s3(t.accountId, at.region);
    const [policyText, ownership, encryption, objectLockRetention, requesterPays] = await Promise.all([
        read(at, "GetBucketPolicy", async () => (await regional.send(new GetBucketPolicyCommand({ Bucket: t.name }))).Policy ?? null, [NOT_SET.policy, null]),
        read<ObjectOwnership>(at, "GetBucketOwnershipControls", async () =>
            ((await regional.send(new GetBucketOwnershipControlsCommand({ Bucket: t.name }))).OwnershipControls?.Rules?.[0]?.ObjectOwnership ?? "BucketOwnerEnforced") as ObjectOwnership,
        [NOT_SET.ownership, "BucketOwnerEnforced"]),
        read<DefaultEncryption>(at, "GetBucketEncryption", async () => {
            const rule = (await regional.send(new GetBucketEncryptionCommand({ Bucket: t.name }))).ServerSideEncryptionConfiguration?.Rules?.[0];
            const byDefault = rule?.ApplyServerSideEncryptionByDefault;
            return { algorithm: (byDefault?.SSEAlgorithm ?? "AES256") as DefaultEncryption["algorithm"], kmsKeyId: byDefault?.KMSMasterKeyID };
        }, [NOT_SET.encryption, { algorithm: "AES256" }]),
        read(at, "GetObjectLockConfiguration", async () =>
            Boolean((await regional.send(new GetObjectLockConfigurationCommand({ Bucket: t.name }))).ObjectLockConfiguration?.Rule?.DefaultRetention),
        [NOT_SET.objectLock, false]),
        read(at, "GetBucketRequestPayment", async () => (await regional.send(new GetBucketRequestPaymentCommand({ Bucket: t.name }))).Payer === "Requester"),
    ]);
    let policy: BucketFacts["policy"];
    try {
        policy = isUnknown(policyText) ? policyText : policyText === null ? null : parsePolicy(policyText);
    } catch (e) {
        policy = unknown(`bucket policy is not valid JSON: ${(e as Error).message}`);
    }
    // ACLs decide nothing where the owner enforces ownership (ACLs disabled): read them only elsewhere.
    const aclGrants = isUnknown(ownership) || ownership === "BucketOwnerEnforced" ? []
        : await read(at, "GetBucketAcl", async () => grantsOf((await regional.send(new GetBucketAclCommand({ Bucket: t.name }))).Grants));
    return { accountId, region, exists, policy, policyText, aclGrants, ownership, encryption, objectLockRetention, requesterPays };
}
