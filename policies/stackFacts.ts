import {
    BucketFacts, cannedAclGrants, DefaultEncryption, exemptionOf, Grant, isDesignatedLogBucket, isUnknown, Known, LoggingConfig,
    ObjectOwnership, parsePolicy, PolicyDocument, unknown,
} from "../engine";
import { fromPulumiKeyFormat, PulumiKeyFormat } from "../components/keyFormat";
import { ProviderInfo, providerDefaultTags, resolveAccount, resolveRegion } from "./accounts";
import { inputsOf, wasRemediated } from "./programInputs";
import { INLINE_ENCRYPTION_PROP, INLINE_LOGGING_PROP, kindOf } from "./resourceTypes";
import { PackSettings } from "./settings";
import { holdsUnknown, notKnownYet, plain, propertyLabel, read } from "./values";

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

/** One resource with its outputs and, when the pack saw it register, its inputs. */
class Declared {
    readonly outputs: Record<string, any>;
    readonly inputs?: Record<string, any>;

    constructor(readonly resource: StackResource) {
        this.outputs = plain(resource.props);
        this.inputs = inputsOf(resource.urn);
    }

    /**
     * What the program asked for: the input when the pack saw the resource register. An absent
     * input means the AWS default for a resource being created (its computed output is unknown at
     * preview, the default after the update) and the current value for one that exists (its
     * output is known). Without recorded inputs, the output.
     */
    config<T>(property: string): Known<T | undefined> {
        if (this.inputs === undefined) return read<T>(this.outputs, property, this.resource);
        if (this.asks(property)) return read<T>(this.inputs, property, this.resource);
        return holdsUnknown(this.outputs[property]) ? undefined : (this.outputs[property] as T | undefined);
    }

    /**
     * Name, Region, tags: the output once known, else the input — the engine passes inputs after
     * the provider's Check, which fills in a generated name; an absent Region is the provider's.
     */
    identity<T>(property: string): Known<T | undefined> {
        const output = this.outputs[property];
        if (output !== undefined && !holdsUnknown(output)) return output as T;
        if (this.inputs !== undefined) return read<T>(this.inputs, property, this.resource);
        return output === undefined ? undefined : notKnownYet(this.resource, property);
    }

    get inputsRecorded(): boolean {
        return this.inputs !== undefined;
    }

    /** Whether the program's inputs set `property` (a recorded input that is present). */
    asks(property: string): boolean {
        return this.inputs?.[property] !== undefined && this.inputs[property] !== null;
    }
}

const NOT_IN_STACK = (name: string) => unknown(`${name} is not managed in this stack`);

/** The bucket a property refers to: its name, or by dependency the bucket resource it came from. */
function bucketRef(d: Declared, value: Known<string | undefined>, property: string, dependencyProp: string, keyOfUrn: Map<string, string>): Known<string> {
    if (typeof value === "string") return value;
    const dependency = d.resource.propertyDependencies?.[dependencyProp]?.find((dep) => keyOfUrn.has(dep.urn));
    if (dependency) return keyOfUrn.get(dependency.urn)!;
    return isUnknown(value) ? value : unknown(`${propertyLabel(d.resource, property)} is not set`);
}

/** Grants as BucketAcl (`grantee`/`permission`) or Bucket (`type`/`permissions`) write them. */
function grantsOf(raw: unknown): Grant[] {
    if (!Array.isArray(raw)) return [];
    return raw.flatMap((g): Grant[] => {
        const grantee = g.grantee ?? g;
        const who: Grant["grantee"] = grantee.type === "Group" ? { type: "Group", uri: grantee.uri }
            : grantee.type === "AmazonCustomerByEmail" ? { type: "AmazonCustomerByEmail", email: grantee.emailAddress }
                : { type: "CanonicalUser", id: grantee.id };
        const permissions: Grant["permission"][] = g.permission ? [g.permission] : (g.permissions ?? []);
        return permissions.map((permission) => ({ grantee: who, permission }));
    });
}

/** A canned ACL's grants; an ACL name S3 does not know is reported, not guessed. */
function aclGrants(d: Declared, acl: Known<string | undefined>, explicit: Known<unknown>): Known<Grant[]> {
    if (isUnknown(acl)) return acl;
    if (isUnknown(explicit)) return explicit;
    const canned = acl === undefined ? [] : cannedAclGrants(acl);
    if (canned === undefined) return unknown(`${propertyLabel(d.resource, "acl")}: "${acl}" is not a canned ACL`);
    return [...canned, ...grantsOf(explicit)];
}

function policyOf(value: Known<unknown>): Known<PolicyDocument | null> {
    if (isUnknown(value)) return value;
    if (value === undefined || value === null || value === "") return null;
    return parsePolicy(typeof value === "string" ? value : JSON.stringify(value));
}

/** Default encryption from the `applyServerSideEncryptionByDefault` of a rule; none given means SSE-S3. */
/** A block as `Bucket` writes it, or the first of the list `BucketV2` writes instead. */
const one = (block: any) => (Array.isArray(block) ? block[0] : block);

function encryptionOf(rule: Known<any>): Known<DefaultEncryption> {
    if (isUnknown(rule)) return rule;
    const byDefault = one(rule?.applyServerSideEncryptionByDefault ?? rule?.applyServerSideEncryptionByDefaults);
    return { algorithm: byDefault?.sseAlgorithm ?? "AES256", kmsKeyId: byDefault?.kmsMasterKeyId };
}

/** Whether an Object Lock rule (of a bucket or an Object Lock resource) sets a default retention. */
const retains = (rule: any) => Boolean(one(rule?.defaultRetention ?? rule?.defaultRetentions));

/**
 * A logging configuration (inline or a logging resource), read field by field so that an
 * unknown target (`targetBucket: logBucket.id` at preview) is resolved through the property's
 * dependencies and only an unknown that stays unknown makes the whole configuration unknown.
 */
function loggingOf(d: Declared, raw: Record<string, any>, path: string, dependencyProp: string, keyOfUrn: Map<string, string>): Known<LoggingConfig> {
    const field = <T>(key: string) => read<T>(raw, key, d.resource, `${path}${key}`);
    const target = bucketRef(d, field<string>("targetBucket"), `${path}targetBucket`, dependencyProp, keyOfUrn);
    const prefix = field<string>("targetPrefix");
    const format = field<PulumiKeyFormat>("targetObjectKeyFormat");
    const grants = field<unknown>("targetGrants");
    const missing = [target, prefix, format, grants].find(isUnknown);
    if (missing) return missing;
    return {
        targetBucket: target as string,
        targetPrefix: (prefix as string | undefined) ?? "",
        keyFormat: fromPulumiKeyFormat(format as PulumiKeyFormat | undefined),
        targetGrants: grants ? grantsOf(grants) : undefined,
    };
}

/** A bucket's inline logging block: `logging` of Bucket, the first of `loggings` of BucketV2. */
function inlineLogging(d: Declared, keyOfUrn: Map<string, string>): Known<LoggingConfig | null> {
    const prop = INLINE_LOGGING_PROP[d.resource.type];
    let block = d.asks(prop) ? d.inputs![prop] : d.outputs[prop];
    if (d.inputsRecorded && !d.asks(prop) && holdsUnknown(block)) return null; // computed, and nothing asked for
    if (Array.isArray(block)) block = block[0];
    if (block === undefined || block === null) return null;
    if (holdsUnknown(block) && typeof block === "string") return notKnownYet(d.resource, prop);
    return loggingOf(d, block, prop === "loggings" ? `${prop}[0].` : `${prop}.`, prop, keyOfUrn);
}

const sameDestination = (a: Known<LoggingConfig | null>, b: Known<LoggingConfig>) =>
    !isUnknown(a) && !isUnknown(b) && a !== null && a.targetBucket === b.targetBucket && a.targetPrefix === b.targetPrefix;

/**
 * Turns a stack's resources into bucket facts. Buckets are keyed by name, or — when the name is
 * not known yet — by a placeholder that other resources reach through property dependencies.
 * Buckets known only from a logging resource (existing buckets) are judged as sources; their
 * target-side facts are unknown.
 */
export async function stackFacts(resources: StackResource[], settings: PackSettings): Promise<StackFacts> {
    // Accounts are resolved once per provider of an S3 resource (others need none, and asking
    // may call STS), before the synchronous pass over the resources.
    const accounts = new Map<string, Known<string>>();
    const s3 = resources.filter((r) => ![undefined, "provider"].includes(kindOf(r.type)));
    const providers = new Map(s3.map((r) => [r.provider?.urn ?? "(default)", r.provider]));
    await Promise.all([...providers].map(async ([urn, provider]) => accounts.set(urn, await resolveAccount(provider, settings))));
    const accountOf = (r: StackResource) => accounts.get(r.provider?.urn ?? "(default)")!;
    const regionOf = (d: Declared) => resolveRegion(d.identity<string>("region"), d.resource.provider);

    const keyOfUrn = new Map<string, string>();
    const byKey = new Map<string, BucketFacts>();
    const urnOf = new Map<string, string>();
    const declaredBy = new Map<string, string[]>();
    /** Inline logging seen only in outputs: it may be what a BucketLogging wrote (after a refresh). */
    const inlineFromOutputs = new Map<string, { label: string; logging: Known<LoggingConfig | null> }>();
    const declare = (key: string, by: string) => declaredBy.set(key, [...(declaredBy.get(key) ?? []), by]);

    for (const r of resources.filter((r) => kindOf(r.type) === "bucket")) {
        const d = new Declared(r);
        const name = d.identity<string>("bucket");
        const key = typeof name === "string" ? name : `${r.name} (name known after deploy)`;
        keyOfUrn.set(r.urn, key);
        const tags = d.identity<Record<string, string>>("tags");
        // The provider's default tags under the bucket's own, as S3 holds them (a bucket's own tag wins).
        const knownTags = isUnknown(tags) ? tags : { ...providerDefaultTags(r.provider), ...tags };
        const lock = d.config<{ rule?: unknown; rules?: unknown[] }>("objectLockConfiguration");
        const payer = d.config<string>("requestPayer");
        const sse = d.config<unknown>(INLINE_ENCRYPTION_PROP[r.type]);
        const logging = inlineLogging(d, keyOfUrn);
        byKey.set(key, {
            name: key,
            accountId: accountOf(r),
            region: regionOf(d),
            exists: true,
            inScope: true,
            logging,
            policy: policyOf(d.config("policy")),
            aclGrants: aclGrants(d, d.config<string>("acl"), d.config("grants")),
            // New buckets get these AWS defaults unless a resource below says otherwise.
            ownership: "BucketOwnerEnforced",
            encryption: encryptionOf(isUnknown(sse) ? sse : one(one(sse)?.rule ?? one(sse)?.rules)),
            objectLockRetention: isUnknown(lock) ? lock : retains(one(lock?.rule ?? lock?.rules)),
            requesterPays: isUnknown(payer) ? payer : payer === "Requester",
            tags: knownTags,
            designatedLogBucket: isDesignatedLogBucket(settings.naming, key, isUnknown(knownTags) ? undefined : knownTags),
            exemption: typeof name === "string" ? exemptionOf(name, knownTags, settings.exemptions) : undefined,
        });
        urnOf.set(key, r.urn);
        const prop = INLINE_LOGGING_PROP[r.type];
        if (logging !== null && (d.asks(prop) || !d.inputsRecorded)) {
            const label = `${r.name} (inline ${prop}${wasRemediated(r.urn) ? ", added by this pack's remediation" : ""})`;
            declare(key, label);
            if (!d.inputsRecorded) inlineFromOutputs.set(key, { label, logging });
        }
    }

    const ensure = (ref: Known<string>, d: Declared): BucketFacts | undefined => {
        if (isUnknown(ref)) return undefined;
        if (!byKey.has(ref)) {
            // An existing bucket this stack configures but does not create.
            byKey.set(ref, {
                name: ref, accountId: accountOf(d.resource), region: regionOf(d),
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
        const d = new Declared(r);
        const bucket = ensure(bucketRef(d, d.config<string>("bucket"), "bucket", "bucket", keyOfUrn), d);
        if (!bucket) continue;
        switch (kind) {
            case "logging": {
                const logging = loggingOf(d, d.inputs ?? d.outputs, "", "targetBucket", keyOfUrn);
                // A bucket's logging output after a refresh shows what this resource wrote: not a second declaration.
                const seen = inlineFromOutputs.get(bucket.name);
                if (seen && sameDestination(seen.logging, logging)) declaredBy.set(bucket.name, declaredBy.get(bucket.name)!.filter((by) => by !== seen.label));
                bucket.logging = logging;
                declare(bucket.name, r.name);
                urnOf.set(bucket.name, r.urn);
                break;
            }
            case "policy":
                bucket.policy = policyOf(d.config("policy"));
                break;
            case "encryption": {
                const rules = d.config<unknown[]>("rules");
                bucket.encryption = encryptionOf(isUnknown(rules) ? rules : rules?.[0]);
                break;
            }
            case "objectLock": {
                const rule = d.config<{ defaultRetention?: unknown }>("rule");
                bucket.objectLockRetention = isUnknown(rule) ? rule : retains(rule);
                break;
            }
            case "requestPayment": {
                const payer = d.config<string>("payer");
                bucket.requesterPays = isUnknown(payer) ? payer : payer === "Requester";
                break;
            }
            case "ownership": {
                const rule = d.config<{ objectOwnership?: ObjectOwnership }>("rule");
                bucket.ownership = isUnknown(rule) ? rule : rule?.objectOwnership ?? "BucketOwnerEnforced";
                break;
            }
            case "acl": {
                const policy = d.config<{ grants?: unknown }>("accessControlPolicy");
                bucket.aclGrants = aclGrants(d, d.config<string>("acl"), isUnknown(policy) ? policy : policy?.grants);
                break;
            }
        }
    }
    for (const [key, by] of declaredBy) byKey.get(key)!.loggingDeclaredBy = by;
    return { facts: [...byKey.values()], urnOf };
}
