import { BucketFacts } from "./facts";
import { activeLogging, BucketGraph } from "./graph";
import { isUnknown } from "./known";
import { Rule, RuleId, RULES, Severity } from "./rules";

export type BucketStatus = "compliant" | "non-compliant" | "exempt" | "unknown";

export interface Finding {
    ruleId: RuleId;
    severity: Severity;
    bucket: string;
    accountId?: string;
    region?: string;
    /** The bucket's logging target, when it has one. */
    target: { bucket: string; prefix: string } | null;
    message: string;
    remediation: string;
    facts: Record<string, unknown>;
}

/** A rule that could not be evaluated for a bucket, and why. Never a silent pass. */
export interface Unevaluated {
    ruleId: RuleId;
    bucket: string;
    accountId?: string;
    region?: string;
    reason: string;
}

export interface Evaluation {
    findings: Finding[];
    unevaluated: Unevaluated[];
    /** One status per in-scope, existing bucket. */
    statuses: Map<string, BucketStatus>;
    graph: BucketGraph;
}

export interface EvaluateOptions {
    /** Run only these rules (default: all). */
    rules?: readonly RuleId[];
}

function locate(bucket: BucketFacts) {
    return {
        bucket: bucket.name,
        accountId: isUnknown(bucket.accountId) ? undefined : bucket.accountId,
        region: isUnknown(bucket.region) ? undefined : bucket.region,
    };
}

/**
 * Judges every in-scope bucket against the rules. Pure: the same facts give the same result,
 * in the order of the facts and then of the rules.
 */
export function evaluate(facts: Iterable<BucketFacts>, options: EvaluateOptions = {}): Evaluation {
    const graph = new BucketGraph(facts);
    const rules: readonly Rule[] = options.rules ? RULES.filter((r) => options.rules!.includes(r.id)) : RULES;
    const evaluation: Evaluation = { findings: [], unevaluated: [], statuses: new Map(), graph };

    for (const bucket of graph.buckets) {
        if (!bucket.inScope || bucket.exists !== true) continue;
        if (bucket.exemption !== undefined) {
            evaluation.statuses.set(bucket.name, "exempt");
            continue;
        }
        let violated = false;
        let undecided = false;
        for (const rule of rules) {
            const outcome = rule.check(bucket, graph);
            if (outcome === undefined) continue;
            if (isUnknown(outcome)) {
                undecided = true;
                evaluation.unevaluated.push({ ruleId: rule.id, ...locate(bucket), reason: outcome.unknown });
                continue;
            }
            violated = true;
            const logging = activeLogging(bucket);
            evaluation.findings.push({
                ruleId: rule.id,
                severity: rule.severity,
                ...locate(bucket),
                target: logging ? { bucket: logging.targetBucket, prefix: logging.targetPrefix } : null,
                ...outcome,
            });
        }
        const logBucketAtRest = bucket.logging === null && graph.isLogBucket(bucket);
        evaluation.statuses.set(
            bucket.name,
            violated ? "non-compliant" : undecided ? "unknown" : logBucketAtRest ? "exempt" : "compliant",
        );
    }
    return evaluation;
}
