import { deliveryPermission, LOG_DELIVERY_SERVICE } from "../delivery";
import { Rule, whenTargetExists } from "./rule";

export const targetDeniesDelivery: Rule = {
    id: "target-denies-delivery",
    severity: "high",
    title: "Logging target does not accept delivery",
    description: `Logging set up by API or IaC does not grant ${LOG_DELIVERY_SERVICE} write access: logging shows as enabled while every log is dropped.`,
    check: whenTargetExists((source, logging, target) => {
        const verdict = deliveryPermission(source, target, logging);
        if (verdict.verdict === "allowed") return undefined;
        if (verdict.verdict === "unknown") return { unknown: `delivery permission of ${target.name}: ${verdict.reason}` };
        return {
            message: `Bucket ${source.name} logs to ${target.name}, but ${verdict.reason}; add a statement allowing ${LOG_DELIVERY_SERVICE} s3:PutObject on ${target.name}/${logging.targetPrefix}*.`,
            remediation: `Add the log-delivery statement (principal ${LOG_DELIVERY_SERVICE}, s3:PutObject, aws:SourceAccount) to the target's bucket policy; remove any Deny that blocks it.`,
            facts: { targetBucket: target.name, targetPrefix: logging.targetPrefix, reason: verdict.reason },
        };
    }),
};
