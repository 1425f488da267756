import { bucketFacts, BucketFacts, evaluate, LoggingConfig, logBucketPolicy, RuleId } from "../../engine";

export const ACCOUNT = "111111111111";

/** A log bucket in `region` that accepts delivery from ACCOUNT under "logs/". */
export function logBucket(name: string, extra: Partial<BucketFacts> = {}): BucketFacts {
    const region = (extra.region as string | undefined) ?? "us-east-1";
    return bucketFacts({
        name,
        accountId: ACCOUNT,
        region,
        policy: logBucketPolicy({ bucket: name, region, prefix: "logs/", sourceAccountId: ACCOUNT }),
        ...extra,
    });
}

export function source(name: string, logging: Partial<LoggingConfig> | null, extra: Partial<BucketFacts> = {}): BucketFacts {
    return bucketFacts({
        name,
        accountId: ACCOUNT,
        region: "us-east-1",
        logging: logging && { targetBucket: "logs", targetPrefix: "logs/", ...logging },
        ...extra,
    });
}

/** The rule IDs that fire for `bucket`. */
export function rulesFiring(facts: BucketFacts[], bucket: string): RuleId[] {
    return evaluate(facts).findings.filter((f) => f.bucket === bucket).map((f) => f.ruleId);
}

export function unevaluatedFor(facts: BucketFacts[], bucket: string): RuleId[] {
    return evaluate(facts).unevaluated.filter((u) => u.bucket === bucket).map((u) => u.ruleId);
}
