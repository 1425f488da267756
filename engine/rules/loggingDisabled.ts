import { isUnknown } from "../known";
import { Rule } from "./rule";

export const loggingDisabled: Rule = {
    id: "logging-disabled",
    severity: "medium",
    title: "Server access logging is off",
    description: "Every bucket records its requests in server access logs, except log buckets themselves.",
    check(bucket, graph) {
        if (isUnknown(bucket.logging)) return { unknown: `logging configuration: ${bucket.logging.unknown}` };
        if (bucket.logging !== null || graph.isLogBucket(bucket)) return undefined;
        return {
            message: `Bucket ${bucket.name} has no server access logging; send its logs to the log bucket of its account and Region.`,
            remediation: "Enable server access logging into the regional log bucket of the bucket's account.",
            facts: { logging: null, designatedLogBucket: bucket.designatedLogBucket, sources: graph.sourcesOf(bucket.name) },
        };
    },
};
