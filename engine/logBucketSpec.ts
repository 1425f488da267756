import { LOG_BUCKET_TAG } from "./naming";

/**
 * The hardening every regional log bucket gets, whoever creates it (the Pulumi component or
 * the audit's remediation): one description, two front ends.
 */
export interface LogBucketSpec {
    ownership: "BucketOwnerEnforced";
    /** Every switch of the public access block on. */
    blockPublicAccess: true;
    /** SSE-S3: the only default encryption log delivery supports. */
    sseAlgorithm: "AES256";
    lifecycle: {
        id: string;
        expirationDays: number;
        transition?: { days: number; storageClass: string };
        abortIncompleteMultipartUploadDays: number;
    };
    tags: Record<string, string>;
}

export const DEFAULT_EXPIRATION_DAYS = 365;

export function logBucketSpec(options: { expirationDays?: number; transition?: { days: number; storageClass: string }; tags?: Record<string, string> } = {}): LogBucketSpec {
    return {
        ownership: "BucketOwnerEnforced",
        blockPublicAccess: true,
        sseAlgorithm: "AES256",
        lifecycle: {
            id: "expire-access-logs",
            expirationDays: options.expirationDays ?? DEFAULT_EXPIRATION_DAYS,
            transition: options.transition,
            abortIncompleteMultipartUploadDays: 7,
        },
        tags: { ...options.tags, [LOG_BUCKET_TAG.key]: LOG_BUCKET_TAG.value },
    };
}
