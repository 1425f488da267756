import { isUnknown } from "../known";
import { Rule, whenTargetExists } from "./rule";

export const targetGrantsUnsupported: Rule = {
    id: "target-grants-unsupported",
    severity: "medium",
    title: "TargetGrants on a bucket that disables ACLs",
    description: "With Object Ownership BucketOwnerEnforced, ACLs are disabled and a logging configuration with TargetGrants is rejected.",
    check: whenTargetExists((source, logging, target) => {
        if (!logging.targetGrants?.length) return undefined;
        if (isUnknown(target.ownership)) return { unknown: `Object Ownership of ${target.name}: ${target.ownership.unknown}` };
        if (target.ownership !== "BucketOwnerEnforced") return undefined;
        return {
            message: `Bucket ${source.name} sets TargetGrants for logs in ${target.name}, which enforces bucket-owner ownership (ACLs disabled); remove the TargetGrants and grant access with the bucket policy.`,
            remediation: "Remove TargetGrants from the logging configuration; grant log readers through the target's bucket policy.",
            facts: { targetBucket: target.name, ownership: target.ownership, targetGrants: logging.targetGrants.length },
        };
    }),
};
