import {
    BucketFacts, DefaultEncryption, exemptionOf, Grant, isDesignatedLogBucket, isUnknown, Known, LoggingConfig, ObjectOwnership,
    parsePolicy, unknown,
} from "../engine";
import { fromPulumiKeyFormat, PulumiKeyFormat } from "../components/keyFormat";
import { ProviderInfo, resolveAccount, resolveRegion } from "./accounts";
import { readProp } from "./readProps";
import { INLINE_LOGGING_PROP, kindOf } from "./resourceTypes";
import { PackSettings } from "./settings";

/** A resource as `validateStack` sees it (outputs), reduced to what is read here. */
export interface StackResource {
    type: string;
    urn: string;
    name: string;
    props: Record<string, any>;
    provider?: ProviderInfo;
    propertyDependencies?: Record<string, StackResource[]>;
}

/** Facts plus where to report each bucket's findings. */
export interface StackFacts {
    facts: BucketFacts[];
    /** Bucket → URN of the resource that holds its logging configuration, else of the bucket. */
    urnOf: Map<string, string>;
}

const NOT_IN_STACK = (name: string) => unknown(`${name} is not managed in this stack`);

/** The bucket a property refers to: its name, or by dependency the bucket resource it came from. */
function bucketRef(resource: StackResource, prop: string, keyOfUrn: Map<string, string>, dependencyProp = prop): Known<string> {
    const value = readProp(() => resource.props[prop], `${resource.name}.${prop}`);
    if (typeof value === "string") return value;
    const dependency = resource.propertyDependencies?.[dependencyProp]?.find((d) => keyOfUrn.has(d.urn));
    if (dependency) return keyOfUrn.get(dependency.urn)!;
    return isUnknown(value) ? value : unknown(`${resource.name}.${prop} is not set`);
}

function grantsOf(raw: unknown): Grant[] {
    if (!Array.isArray(raw)) return [];
    return raw.map((g) => ({
        grantee: g.grantee?.type === "Group" ? { type: "Group", uri: g.grantee.uri } : g.grantee?.type === "AmazonCustomerByEmail"
            ? { type: "AmazonCustomerByEmail", email: g.grantee.emailAddress } : { type: "CanonicalUser", id: g.grantee?.id },
        permission: g.permission,
    }));
}

/** A logging configuration (inline or a logging resource); unknown if any part of it is. */
function loggingOf(r: StackResource, raw: Record<string, any>, keyOfUrn: Map<string, string>): Known<LoggingConfig> {
    // Inline logging's dependencies are recorded under the bucket's `logging`/`loggings` property.
    const target = bucketRef({ ...r, props: raw }, "targetBucket", keyOfUrn, INLINE_LOGGING_PROP[r.type] ?? "targetBucket");
    const prefix = readProp(() => (raw.targetPrefix ?? "") as string, `${r.name}.targetPrefix`);
    const format = readProp(() => raw.targetObjectKeyFormat as PulumiKeyFormat | undefined, `${r.name}.targetObjectKeyFormat`);
    const grants = readProp(() => raw.targetGrants as unknown, `${r.name}.targetGrants`);
    const missing = [target, prefix, format, grants].find(isUnknown);
    if (missing) return missing;
    return {
        targetBucket: target as string,
        targetPrefix: prefix as string,
        keyFormat: fromPulumiKeyFormat(format as PulumiKeyFormat | undefined),
        targetGrants: grants ? grantsOf(grants) : undefined,
    };
}

/**
 * Turns a stack's resources into bucket facts. Buckets are keyed by name, or — when the name is
 * not known yet — by a placeholder that other resources reach through property dependencies.
 * Buckets known only from a logging resource (existing buckets) are judged as sources; their
 * target-side facts are unknown.
 */
export async function stackFacts(resources: StackResource[], settings: PackSettings): Promise<StackFacts> {
    const keyOfUrn = new Map<string, string>();
    const byKey = new Map<string, BucketFacts>();
    const urnOf = new Map<string, string>();
    const accounts = new Map<string, Promise<Known<string>>>();
    const accountOf = (r: StackResource) => {
        const key = r.provider?.urn ?? "(default)";
        if (!accounts.has(key)) accounts.set(key, resolveAccount(r.provider, settings));
        return accounts.get(key)!;
    };

    for (const r of resources.filter((r) => kindOf(r.type) === "bucket")) {
        const name = readProp(() => r.props.bucket as string, `${r.name}.bucket`);
        const key = typeof name === "string" ? name : `${r.name} (name known after deploy)`;
        keyOfUrn.set(r.urn, key);
        const tags = readProp(() => (r.props.tags ?? {}) as Record<string, string>, `${r.name}.tags`);
        const region = readProp(() => r.props.region as string | undefined, `${r.name}.region`);
        byKey.set(key, {
            name: key,
            accountId: await accountOf(r),
            region: isUnknown(region) ? region : resolveRegion(region, r.provider),
            exists: true,
            inScope: true,
            logging: null,
            policy: readProp(() => (typeof r.props.policy === "string" && r.props.policy ? parsePolicy(r.props.policy) : null), `${r.name}.policy`),
            aclGrants: [],
            // New buckets get these AWS defaults unless a resource below says otherwise.
            ownership: "BucketOwnerEnforced",
            encryption: { algorithm: "AES256" },
            objectLockRetention: readProp(() => Boolean(r.props.objectLockConfiguration?.rule?.defaultRetention), `${r.name}.objectLockConfiguration`),
            requesterPays: readProp(() => r.props.requestPayer === "Requester", `${r.name}.requestPayer`),
            tags,
            designatedLogBucket: isDesignatedLogBucket(settings.naming, key, isUnknown(tags) ? undefined : tags),
            exemption: typeof name === "string" ? exemptionOf(name, tags, settings.exemptions) : undefined,
        });
        urnOf.set(key, r.urn);
        const inline = readProp(() => {
            const value = r.props[INLINE_LOGGING_PROP[r.type]];
            return Array.isArray(value) ? value[0] : value;
        }, `${r.name}.${INLINE_LOGGING_PROP[r.type]}`);
        if (isUnknown(inline)) byKey.get(key)!.logging = inline;
        else if (inline) byKey.get(key)!.logging = loggingOf(r, inline, keyOfUrn);
    }

    const ensure = async (ref: Known<string>, r: StackResource): Promise<BucketFacts | undefined> => {
        if (isUnknown(ref)) return undefined;
        if (!byKey.has(ref)) {
            // An existing bucket this stack configures but does not create.
            const region = readProp(() => r.props.region as string | undefined, `${r.name}.region`);
            byKey.set(ref, {
                name: ref, accountId: await accountOf(r), region: isUnknown(region) ? region : resolveRegion(region, r.provider),
                exists: true, inScope: true, logging: null, policy: NOT_IN_STACK(ref), aclGrants: NOT_IN_STACK(ref),
                ownership: NOT_IN_STACK(ref), encryption: NOT_IN_STACK(ref), objectLockRetention: NOT_IN_STACK(ref),
                requesterPays: NOT_IN_STACK(ref), tags: NOT_IN_STACK(ref), designatedLogBucket: false,
                exemption: exemptionOf(ref, undefined, settings.exemptions),
            });
        }
        return byKey.get(ref);
    };

    for (const r of resources) {
        const kind = kindOf(r.type);
        if (!kind || kind === "bucket" || kind === "provider") continue;
        const bucket = await ensure(bucketRef(r, "bucket", keyOfUrn), r);
        if (!bucket) continue;
        const read = <T>(f: () => T) => readProp(f, `${r.name}`);
        switch (kind) {
            case "logging":
                bucket.logging = loggingOf(r, r.props, keyOfUrn);
                urnOf.set(bucket.name, r.urn);
                break;
            case "policy": {
                const policy = read(() => r.props.policy as unknown);
                bucket.policy = isUnknown(policy) ? policy : parsePolicy(typeof policy === "string" ? policy : JSON.stringify(policy));
                break;
            }
            case "encryption":
                bucket.encryption = read((): DefaultEncryption => {
                    const byDefault = r.props.rules?.[0]?.applyServerSideEncryptionByDefault;
                    return { algorithm: byDefault?.sseAlgorithm ?? "AES256", kmsKeyId: byDefault?.kmsMasterKeyId };
                });
                break;
            case "objectLock":
                bucket.objectLockRetention = read(() => Boolean(r.props.rule?.defaultRetention));
                break;
            case "requestPayment":
                bucket.requesterPays = read(() => r.props.payer === "Requester");
                break;
            case "ownership":
                bucket.ownership = read(() => r.props.rule?.objectOwnership as ObjectOwnership);
                break;
            case "acl":
                bucket.aclGrants = read(() => grantsOf(r.props.accessControlPolicy?.grants));
                break;
        }
    }
    return { facts: [...byKey.values()], urnOf };
}
