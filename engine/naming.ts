import { bucketNameProblem } from "./bucketNames";
import { KeyFormat } from "./facts";
import { LONGEST_REGION } from "./regions";

/**
 * The one naming convention shared by the component, the program, the policy pack and the
 * audit: where a bucket in a given account and Region sends its access logs.
 */
export interface NamingConvention {
    /** Log bucket name template; `{accountId}` and `{region}` are required. */
    nameTemplate: string;
    /** Target prefix template; may use `{accountId}`, `{region}` and `{bucket}` (the source). */
    prefixTemplate: string;
    keyFormat: KeyFormat;
}

export const DEFAULT_NAMING: NamingConvention = {
    nameTemplate: "s3-access-logs-{accountId}-{region}",
    prefixTemplate: "access-logs/",
    // Partitioned keys carry account, Region and source bucket, so one regional target serves all.
    keyFormat: { kind: "partitioned", dateSource: "EventTime" },
};

const NAME_VARIABLES = ["accountId", "region"];
const PREFIX_VARIABLES = ["accountId", "region", "bucket"];

export class NamingError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "NamingError";
    }
}

function variablesIn(template: string): string[] {
    return [...template.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]);
}

function render(template: string, values: Record<string, string>): string {
    return template.replace(/\{([^{}]*)\}/g, (_, name: string) => values[name]);
}

/**
 * Checks a naming convention without any account or Region at hand, so bad config fails before
 * anything is created. `field` names the config key in messages.
 */
export function validateNaming(naming: NamingConvention, field = "nameTemplate"): void {
    const { nameTemplate, prefixTemplate, keyFormat } = naming;
    const nameVars = variablesIn(nameTemplate);
    const strayName = nameVars.filter((v) => !NAME_VARIABLES.includes(v));
    if (strayName.length > 0) {
        throw new NamingError(`${field} "${nameTemplate}" uses unknown variable {${strayName[0]}}; use {accountId} and {region}.`);
    }
    for (const required of NAME_VARIABLES) {
        if (!nameVars.includes(required)) {
            // Buckets are per account and Region and names are global: both must be in the name.
            throw new NamingError(`${field} "${nameTemplate}" must contain {${required}}: there is one log bucket per account and Region, and bucket names are global.`);
        }
    }
    const sample = render(nameTemplate, { accountId: "123456789012", region: LONGEST_REGION });
    const problem = bucketNameProblem(sample);
    if (problem) {
        throw new NamingError(`${field} "${nameTemplate}" gives bucket names like "${sample}", which ${problem}.`);
    }
    const strayPrefix = variablesIn(prefixTemplate).filter((v) => !PREFIX_VARIABLES.includes(v));
    if (strayPrefix.length > 0) {
        throw new NamingError(`targetPrefix "${prefixTemplate}" uses unknown variable {${strayPrefix[0]}}; use {accountId}, {region} or {bucket}.`);
    }
    if (prefixTemplate.startsWith("/")) {
        throw new NamingError(`targetPrefix "${prefixTemplate}" must not start with "/": S3 keys have no leading slash.`);
    }
    if (keyFormat.kind === "simple" && !prefixTemplate.includes("{bucket}")) {
        // Simple keys do not say which source wrote them; sharing a prefix mixes sources.
        throw new NamingError(`targetPrefix "${prefixTemplate}" must contain {bucket} with keyFormat "simple", or logs of different buckets mix; or use keyFormat "partitioned".`);
    }
}

/** The regional log bucket for an account and Region. */
export function logBucketName(naming: NamingConvention, accountId: string, region: string): string {
    const name = render(naming.nameTemplate, { accountId, region });
    const problem = bucketNameProblem(name);
    if (problem) throw new NamingError(`nameTemplate "${naming.nameTemplate}" gives "${name}", which ${problem}.`);
    return name;
}

// A stack check tests every bucket name against the template: compile each template once.
const templatePatterns = new Map<string, RegExp>();

function templatePattern(nameTemplate: string): RegExp {
    let pattern = templatePatterns.get(nameTemplate);
    if (!pattern) {
        const source = nameTemplate
            .split(/(\{accountId\}|\{region\})/)
            .map((part) => (part === "{accountId}" ? "(?<accountId>\\d{12})" : part === "{region}" ? "(?<region>[a-z]{2}(?:-[a-z]+)+-\\d)" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
            .join("");
        pattern = new RegExp(`^${source}$`);
        templatePatterns.set(nameTemplate, pattern);
    }
    return pattern;
}

/** The account and Region a log bucket name encodes, if it follows the template. */
export function parseLogBucketName(naming: NamingConvention, name: string): { accountId: string; region: string } | undefined {
    const groups = templatePattern(naming.nameTemplate).exec(name)?.groups;
    return groups ? { accountId: groups.accountId, region: groups.region } : undefined;
}

/** The target prefix for a source bucket's logs. */
export function targetPrefix(naming: NamingConvention, source: { bucket: string; accountId: string; region: string }): string {
    return render(naming.prefixTemplate, { bucket: source.bucket, accountId: source.accountId, region: source.region });
}

/**
 * The prefix a log bucket's delivery statement covers: the prefix template up to the source
 * bucket's name, which varies by source.
 */
export function deliveryPrefix(naming: NamingConvention, accountId: string, region: string): string {
    const shared = naming.prefixTemplate.split("{bucket}")[0];
    return render(shared, { accountId, region });
}

/**
 * Where a source's logs go under the convention: its account's log bucket in its Region. Only
 * partitioned keys name the source, so with simple keys each source gets a prefix of its own.
 */
export function destinationFor(
    naming: NamingConvention,
    source: { bucket: string; accountId: string; region: string },
    partitioned: boolean,
): { targetBucket: string; targetPrefix: string } {
    const prefix = targetPrefix(naming, source);
    const perSource = partitioned || naming.prefixTemplate.includes("{bucket}");
    return { targetBucket: logBucketName(naming, source.accountId, source.region), targetPrefix: perSource ? prefix : `${prefix}${source.bucket}/` };
}

/** Parses the `keyFormat` config value. */
export function parseKeyFormat(value: string, field = "keyFormat"): KeyFormat {
    switch (value) {
        case "partitioned":
        case "partitioned-event-time":
            return { kind: "partitioned", dateSource: "EventTime" };
        case "partitioned-delivery-time":
            return { kind: "partitioned", dateSource: "DeliveryTime" };
        case "simple":
            return { kind: "simple" };
        default:
            throw new NamingError(`${field} "${value}" is not a key format; use "partitioned" (EventTime), "partitioned-delivery-time" or "simple".`);
    }
}

/** The tag that marks a bucket as an access-log bucket. */
export const LOG_BUCKET_TAG = { key: "s3-access-logging:role", value: "log-bucket" } as const;

export function isLogBucketTagged(tags: Record<string, string> | undefined): boolean {
    return tags?.[LOG_BUCKET_TAG.key] === LOG_BUCKET_TAG.value;
}

/** A log bucket: tagged as one, or named by the convention's template. */
export function isDesignatedLogBucket(naming: NamingConvention, name: string, tags: Record<string, string> | undefined): boolean {
    return isLogBucketTagged(tags) || parseLogBucketName(naming, name) !== undefined;
}
