import { activeLogging } from "../graph";
import { Rule } from "./rule";

export const targetIsSource: Rule = {
    id: "target-is-source",
    severity: "critical",
    title: "Bucket logs into itself",
    description: "Every log object delivered into the bucket is itself a logged request: the logs grow without bound, and so does the bill.",
    check(bucket) {
        const logging = activeLogging(bucket);
        if (logging?.targetBucket !== bucket.name) return undefined;
        return {
            message: `Bucket ${bucket.name} logs into itself, an endless loop of log records; send its logs to another bucket in the same account and Region.`,
            remediation: "Retarget logging to the regional log bucket of the bucket's account.",
            facts: { targetBucket: logging.targetBucket, targetPrefix: logging.targetPrefix },
        };
    },
};
