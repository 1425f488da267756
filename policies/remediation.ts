import { destinationFor, exemptionOf, isDesignatedLogBucket, isUnknown, Known, parseLogBucketName } from "../engine";
import { INLINE_LOGGING_PROP, kindOf } from "./resourceTypes";
import { PackSettings } from "./settings";
import { holdsUnknown, plain, remediated } from "./values";

/** What a remediation knows about the resource being registered. */
export interface RemediationTarget {
    type: string;
    name: string;
    /** The resource's inputs, possibly holding unknowns. */
    props: Record<string, any>;
    accountId: Known<string>;
    region: Known<string>;
    /** Tags the resource's provider adds (`defaultTags`). */
    defaultTags: Record<string, string>;
}

/**
 * Buckets registered earlier in this run, by name. The pack process lives for a whole preview or
 * update, and a logging resource registers after the buckets it refers to, so this tells a
 * target's Region when its name does not, and a source's tags, which its logging resource lacks.
 */
interface RegisteredBucket {
    region?: string;
    /** A log bucket or exempt by its tags, or its tags unknown: its logging is left as it is. */
    leftAlone: boolean;
}

const registeredBuckets = new Map<string, RegisteredBucket>();

export function forgetBuckets(): void {
    registeredBuckets.clear();
}

function known<T>(value: Known<T>): T | undefined {
    return isUnknown(value) ? undefined : value;
}

/** A target in another Region, as far as this run or the target's name tells; undefined if not known. */
function targetRegion(settings: PackSettings, target: string): string | undefined {
    return registeredBuckets.get(target)?.region ?? parseLogBucketName(settings.naming, target)?.region;
}

function needsRetarget(settings: PackSettings, source: string, region: string, target: string): boolean {
    if (target === source) return true;
    const other = targetRegion(settings, target);
    return other !== undefined && other !== region;
}

/**
 * Inline configuration only a content bucket has. A bucket declared with it is configured inline
 * (so inline logging fits, and no BucketLogging is expected) and is no log bucket. `BucketV2`
 * writes the website as a list, `websites`.
 */
const CONTENT_ONLY = ["website", "websites", "corsRules", "accelerationStatus"];

/**
 * Whether to add logging to a bucket registering without any. Remediation runs as each resource
 * registers, before the resources that may configure the bucket's logging separately (a
 * BucketLogging) or make it a log target (another bucket's logging) — so it adds logging only to
 * buckets whose own inputs show they are neither; the stack check judges the others.
 */
function addsMissingLogging(props: Record<string, any>): boolean {
    return CONTENT_ONLY.some((key) => props[key] !== undefined && props[key] !== null);
}

/** Whether remediation may change a resource of this type: buckets and logging resources only. */
export function remediates(type: string): boolean {
    return kindOf(type) === "bucket" || kindOf(type) === "logging";
}

/** A remediated property bag, and whether it adds logging the program did not declare (a bucket's inline logging). */
export interface Remediation {
    props: Record<string, any>;
    addedLogging: boolean;
}

/**
 * The remediated property bag, or undefined for "no change". Only logging is touched; every
 * other input is returned as it came (unknowns and secrets included). Never touches log buckets
 * or exempt buckets. Idempotent: a remediated bag needs no further change.
 */
export function remediate(resource: RemediationTarget, settings: PackSettings): Remediation | undefined {
    const kind = kindOf(resource.type);
    const props = plain(resource.props);
    const value = <T>(key: string) => (holdsUnknown(props[key]) ? undefined : (props[key] as T | undefined));
    const region = known(resource.region);
    const accountId = known(resource.accountId);
    if (kind === "bucket") {
        const name = value<string>("bucket");
        if (!name) return undefined;
        const tags = { ...resource.defaultTags, ...value<Record<string, string>>("tags") };
        const leftAlone = holdsUnknown(props.tags) || isDesignatedLogBucket(settings.naming, name, tags) || exemptionOf(name, tags, settings.exemptions) !== undefined;
        registeredBuckets.set(name, { region, leftAlone });
        const prop = INLINE_LOGGING_PROP[resource.type];
        if (leftAlone || !region || !accountId || holdsUnknown(props[prop])) return undefined;
        const inline = props[prop] as unknown;
        const current = (Array.isArray(inline) ? inline[0] : inline) as { targetBucket?: string } | undefined;
        if (current?.targetBucket ? !needsRetarget(settings, name, region, current.targetBucket) : !addsMissingLogging(props)) return undefined;
        // Inline logging cannot set a key format: S3 writes simple keys.
        const logging = { ...current, ...destinationFor(settings.naming, { bucket: name, accountId, region }, false) };
        return { props: remediated(resource.props, { [prop]: prop === "loggings" ? [logging, ...((inline as unknown[] | undefined) ?? []).slice(1)] : logging }), addedLogging: !current?.targetBucket };
    }
    if (kind === "logging") {
        const source = value<string>("bucket");
        const target = value<string>("targetBucket");
        // The key format decides the prefix: unknown, it would be guessed at preview and differ at update.
        if (!source || !target || !region || !accountId || holdsUnknown(props.targetObjectKeyFormat)) return undefined;
        if (registeredBuckets.get(source)?.leftAlone || isDesignatedLogBucket(settings.naming, source, undefined)
            || exemptionOf(source, undefined, settings.exemptions) !== undefined) return undefined;
        if (!needsRetarget(settings, source, region, target)) return undefined;
        // The key format is kept as it is; without partitioned keys the source gets its own prefix.
        const format = value<{ partitionedPrefix?: unknown }>("targetObjectKeyFormat");
        return { props: remediated(resource.props, destinationFor(settings.naming, { bucket: source, accountId, region }, Boolean(format?.partitionedPrefix))), addedLogging: false };
    }
    return undefined;
}
