import { activeLogging } from "../graph";
import { isUnknown } from "../known";
import { Rule } from "./rule";

export const targetMissing: Rule = {
    id: "target-missing",
    severity: "high",
    title: "Logging target does not exist",
    description: "Logs sent to a bucket that does not exist are dropped; deleting a target leaves sources pointing at it.",
    check(bucket, graph) {
        const logging = activeLogging(bucket);
        if (!logging || logging.targetBucket === bucket.name) return undefined;
        const target = graph.get(logging.targetBucket);
        // A target outside what we were shown (another stack, another account) cannot be judged here.
        if (!target) return { unknown: `target ${logging.targetBucket} is not among the buckets checked here; its checks could not run` };
        if (isUnknown(target.exists)) return { unknown: `whether target ${target.name} exists: ${target.exists.unknown}` };
        if (target.exists) return undefined;
        return {
            message: `Bucket ${bucket.name} logs to ${target.name}, which does not exist; every log is dropped. Create it or retarget to the regional log bucket.`,
            remediation: "Retarget logging to the regional log bucket of the bucket's account (creating that bucket if needed).",
            facts: { targetBucket: target.name, exists: false },
        };
    },
};
