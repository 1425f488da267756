import { destinationFor, exemptionOf, isDesignatedLogBucket, isUnknown, Known, parseLogBucketName } from "../engine";
import { readProp } from "./readProps";
import { INLINE_LOGGING_PROP, kindOf } from "./resourceTypes";
import { PackSettings } from "./settings";

/** What a remediation knows about the resource being registered. */
export interface RemediationTarget {
    type: string;
    name: string;
    /** The resource's inputs, possibly holding unknowns. */
    props: Record<string, any>;
    accountId: Known<string>;
    region: Known<string>;
}

/**
 * Buckets registered earlier in this run, by name → Region. The pack process lives for a whole
 * preview or update, and a logging resource registers after the buckets it refers to, so this
 * tells a target's Region when its name does not.
 */
const bucketRegions = new Map<string, string>();

export function forgetBuckets(): void {
    bucketRegions.clear();
}

/** The proxy's target: spreading the proxy would read (and throw on) unknown values. */
function rawProps(props: Record<string, any>): Record<string, any> {
    return (props as { __getSpecialProxyTarget?: Record<string, any> }).__getSpecialProxyTarget ?? props;
}

function known<T>(value: Known<T>): T | undefined {
    return isUnknown(value) ? undefined : value;
}

/** A target in another Region, as far as this run or the target's name tells; undefined if not known. */
function targetRegion(settings: PackSettings, target: string): string | undefined {
    return bucketRegions.get(target) ?? parseLogBucketName(settings.naming, target)?.region;
}

function needsRetarget(settings: PackSettings, source: string, region: string, target: string): boolean {
    if (target === source) return true;
    const other = targetRegion(settings, target);
    return other !== undefined && other !== region;
}

/**
 * The remediated property bag, or undefined for "no change". Only logging is touched; every
 * other input is returned as it came. Never touches log buckets or exempt buckets. Idempotent:
 * a remediated bag needs no further change.
 */
export function remediate(resource: RemediationTarget, settings: PackSettings): Record<string, any> | undefined {
    const kind = kindOf(resource.type);
    const { props } = resource;
    const region = known(resource.region);
    const accountId = known(resource.accountId);
    if (kind === "bucket") {
        const name = known(readProp(() => props.bucket as string | undefined, `${resource.name}.bucket`));
        if (name && region) bucketRegions.set(name, region);
        const tags = known(readProp(() => props.tags as Record<string, string> | undefined, `${resource.name}.tags`));
        const prop = INLINE_LOGGING_PROP[resource.type];
        const inline = readProp(() => props[prop] as unknown, `${resource.name}.${prop}`);
        if (!name || !region || !accountId || isUnknown(inline) || isUnknown(tags)) return undefined;
        if (isDesignatedLogBucket(settings.naming, name, tags) || exemptionOf(name, tags, settings.exemptions) !== undefined) return undefined;
        const current = (Array.isArray(inline) ? inline[0] : inline) as { targetBucket?: string } | undefined;
        if (current?.targetBucket && !needsRetarget(settings, name, region, current.targetBucket)) return undefined;
        // Inline logging cannot set a key format: S3 writes simple keys.
        const logging = { ...current, ...destinationFor(settings.naming, { bucket: name, accountId, region }, false) };
        return { ...rawProps(props), [prop]: prop === "loggings" ? [logging, ...((inline as unknown[] | undefined) ?? []).slice(1)] : logging };
    }
    if (kind === "logging") {
        const read = <T>(key: string) => known(readProp(() => props[key] as T, `${resource.name}.${key}`));
        const source = read<string>("bucket");
        const target = read<string>("targetBucket");
        if (!source || !target || !region || !accountId) return undefined;
        if (isDesignatedLogBucket(settings.naming, source, undefined) || exemptionOf(source, undefined, settings.exemptions) !== undefined) return undefined;
        if (!needsRetarget(settings, source, region, target)) return undefined;
        // The key format is kept as it is; without partitioned keys the source gets its own prefix.
        const format = read<{ partitionedPrefix?: unknown }>("targetObjectKeyFormat");
        return { ...rawProps(props), ...destinationFor(settings.naming, { bucket: source, accountId, region }, Boolean(format?.partitionedPrefix)) };
    }
    return undefined;
}
