import { isUnknown } from "../known";
import { Rule, whenTargetExists } from "./rule";

export const targetObjectLockRetention: Rule = {
    id: "target-object-lock-retention",
    severity: "high",
    title: "Logging target has an Object Lock default retention",
    description: "S3 cannot deliver server access logs to a bucket with an Object Lock default retention period.",
    check: whenTargetExists((source, logging, target) => {
        if (isUnknown(target.objectLockRetention)) return { unknown: `Object Lock of ${target.name}: ${target.objectLockRetention.unknown}` };
        if (!target.objectLockRetention) return undefined;
        return {
            message: `Bucket ${source.name} logs to ${target.name}, which has an Object Lock default retention; logs cannot be delivered. Remove the default retention or use another log bucket.`,
            remediation: "Remove the target's Object Lock default retention rule, or retarget to a log bucket without one.",
            facts: { targetBucket: target.name, objectLockRetention: true },
        };
    }),
};
