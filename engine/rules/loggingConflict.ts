import { Rule } from "./rule";

export const loggingConflict: Rule = {
    id: "logging-conflict",
    severity: "high",
    title: "Two resources configure one bucket's logging",
    description: "S3 keeps one logging configuration per bucket: two declarations (inline logging and a BucketLogging, or two BucketLoggings) overwrite each other on every update.",
    check(bucket) {
        const declared = bucket.loggingDeclaredBy ?? [];
        if (declared.length < 2) return undefined;
        return {
            message: `Bucket ${bucket.name} has its logging configured by ${declared.length} resources (${declared.join(", ")}); S3 keeps one logging configuration per bucket, so they overwrite each other on every update. Keep one: remove the bucket's inline logging and keep a single BucketLogging.`,
            remediation: "Configure the bucket's logging in exactly one place: one BucketLogging resource, and no inline logging on the bucket.",
            facts: { declaredBy: declared },
        };
    },
};
