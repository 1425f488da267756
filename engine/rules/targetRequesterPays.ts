import { isUnknown } from "../known";
import { Rule, whenTargetExists } from "./rule";

export const targetRequesterPays: Rule = {
    id: "target-requester-pays",
    severity: "high",
    title: "Logging target has Requester Pays",
    description: "S3 cannot deliver server access logs to a bucket with Requester Pays enabled.",
    check: whenTargetExists((source, logging, target) => {
        if (isUnknown(target.requesterPays)) return { unknown: `Requester Pays of ${target.name}: ${target.requesterPays.unknown}` };
        if (!target.requesterPays) return undefined;
        return {
            message: `Bucket ${source.name} logs to ${target.name}, which has Requester Pays enabled; logs cannot be delivered. Turn Requester Pays off or use another log bucket.`,
            remediation: "Set the target's request payment to BucketOwner, or retarget to another log bucket.",
            facts: { targetBucket: target.name, requesterPays: true },
        };
    }),
};
