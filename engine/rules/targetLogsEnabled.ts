import { activeLogging } from "../graph";
import { Rule } from "./rule";

export const targetLogsEnabled: Rule = {
    id: "target-logs-enabled",
    severity: "low",
    title: "Log bucket itself has logging enabled",
    description: "AWS advises that a log bucket should not itself log: a chain A → B → C is legal but doubles the records and the cost.",
    check(bucket, graph) {
        const logging = activeLogging(bucket);
        // Self-targets and cycles have rules of their own.
        if (!logging || logging.targetBucket === bucket.name || graph.cycles.has(bucket.name)) return undefined;
        if (!graph.isLogBucket(bucket)) return undefined;
        const sources = graph.sourcesOf(bucket.name);
        return {
            message: `Log bucket ${bucket.name}${sources.length ? ` (target of ${sources.slice(0, 3).join(", ")}${sources.length > 3 ? ", …" : ""})` : ""} itself logs to ${logging.targetBucket}; turn off logging on log buckets.`,
            remediation: "Disable server access logging on the log bucket.",
            facts: { targetBucket: logging.targetBucket, sources: sources.length },
        };
    },
};
