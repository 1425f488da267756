import { isUnknown } from "../known";
import { Rule, whenTargetExists } from "./rule";

export const targetOtherAccount: Rule = {
    id: "target-other-account",
    severity: "high",
    title: "Logging target is in another account",
    description: "The source and the target bucket must have the same owner: a central log bucket in another account cannot receive server access logs.",
    check: whenTargetExists((source, logging, target) => {
        const missing = [source.accountId, target.accountId].find(isUnknown);
        if (missing) return { unknown: `account: ${missing.unknown}` };
        if (source.accountId === target.accountId) return undefined;
        return {
            message: `Bucket ${source.name} (account ${String(source.accountId)}) logs to ${target.name} owned by ${String(target.accountId)}; targets must be in the same account. Use the log bucket of account ${String(source.accountId)}.`,
            remediation: "Retarget logging to the regional log bucket of the source bucket's own account.",
            facts: { sourceAccountId: source.accountId, targetAccountId: target.accountId, targetBucket: logging.targetBucket },
        };
    }),
};
