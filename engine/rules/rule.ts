import { BucketFacts, LoggingConfig } from "../facts";
import { activeLogging, BucketGraph } from "../graph";
import { Unknown } from "../known";

export type Severity = "critical" | "high" | "medium" | "low";

export type RuleId =
    | "logging-disabled"
    | "logging-conflict"
    | "target-is-source"
    | "target-missing"
    | "target-other-region"
    | "target-other-account"
    | "target-denies-delivery"
    | "target-kms-encrypted"
    | "target-object-lock-retention"
    | "target-requester-pays"
    | "target-grants-unsupported"
    | "logging-cycle"
    | "target-logs-enabled"
    | "logs-not-delivered";

/** What a rule found wrong with one bucket. */
export interface Violation {
    /** One line naming the bucket, what is wrong and the fix. */
    message: string;
    /** What to change, as an instruction. */
    remediation: string;
    /** The facts the verdict rests on. */
    facts: Record<string, unknown>;
}

/** A violation, a fact the rule needed but could not have, or nothing to report. */
export type RuleOutcome = Violation | Unknown | undefined;

export interface Rule {
    id: RuleId;
    severity: Severity;
    /** A short name for reports and policy metadata. */
    title: string;
    /** Why the rule matters, for documentation and policy descriptions. */
    description: string;
    check(bucket: BucketFacts, graph: BucketGraph): RuleOutcome;
}

/**
 * Runs a target-side check only when the bucket logs to another bucket that is known to exist:
 * other rules report self-targets, missing targets and targets outside the graph.
 */
export function whenTargetExists(
    check: (source: BucketFacts, logging: LoggingConfig, target: BucketFacts, graph: BucketGraph) => RuleOutcome,
): Rule["check"] {
    return (source, graph) => {
        const logging = activeLogging(source);
        if (!logging || logging.targetBucket === source.name) return undefined;
        const target = graph.get(logging.targetBucket);
        if (!target || target.exists !== true) return undefined;
        return check(source, logging, target, graph);
    };
}
