import { isUnknown } from "../known";
import { Rule, whenTargetExists } from "./rule";

export const targetOtherRegion: Rule = {
    id: "target-other-region",
    severity: "high",
    title: "Logging target is in another Region",
    description: "S3 delivers access logs only to a bucket in the source bucket's Region (CrossLocationLoggingProhibitted).",
    check: whenTargetExists((source, logging, target) => {
        const missing = [source.region, target.region].find(isUnknown);
        if (missing) return { unknown: `Region: ${missing.unknown}` };
        if (source.region === target.region) return undefined;
        return {
            message: `Bucket ${source.name} (${String(source.region)}) logs to ${target.name} in ${String(target.region)}; S3 delivers only within a Region. Use the log bucket in ${String(source.region)}.`,
            remediation: "Retarget logging to the log bucket in the source bucket's own Region.",
            facts: { sourceRegion: source.region, targetRegion: target.region, targetBucket: logging.targetBucket },
        };
    }),
};
