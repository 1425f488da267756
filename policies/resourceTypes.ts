/** Type tokens of @pulumi/aws v7 and their deprecated-but-common `V2` twins. */
export const TYPES = {
    bucket: ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"],
    logging: ["aws:s3/bucketLogging:BucketLogging", "aws:s3/bucketLoggingV2:BucketLoggingV2"],
    policy: ["aws:s3/bucketPolicy:BucketPolicy"],
    encryption: [
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
    ],
    objectLock: [
        "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
        "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2",
    ],
    requestPayment: [
        "aws:s3/bucketRequestPaymentConfiguration:BucketRequestPaymentConfiguration",
        "aws:s3/bucketRequestPaymentConfigurationV2:BucketRequestPaymentConfigurationV2",
    ],
    ownership: ["aws:s3/bucketOwnershipControls:BucketOwnershipControls"],
    acl: ["aws:s3/bucketAcl:BucketAcl", "aws:s3/bucketAclV2:BucketAclV2"],
    provider: ["pulumi:providers:aws"],
} as const;

export type ResourceKind = keyof typeof TYPES;

const KIND_OF = new Map<string, ResourceKind>(
    (Object.entries(TYPES) as [ResourceKind, readonly string[]][]).flatMap(([kind, types]) => types.map((t) => [t, kind])),
);

export function kindOf(type: string): ResourceKind | undefined {
    return KIND_OF.get(type);
}

/** `Bucket` has one inline `logging` object; `BucketV2` has a `loggings` array. */
export const INLINE_LOGGING_PROP: Record<string, "logging" | "loggings"> = {
    "aws:s3/bucket:Bucket": "logging",
    "aws:s3/bucketV2:BucketV2": "loggings",
};

/** `Bucket`'s inline encryption block; `BucketV2` writes it (and each block in it) as a list. */
export const INLINE_ENCRYPTION_PROP: Record<string, "serverSideEncryptionConfiguration" | "serverSideEncryptionConfigurations"> = {
    "aws:s3/bucket:Bucket": "serverSideEncryptionConfiguration",
    "aws:s3/bucketV2:BucketV2": "serverSideEncryptionConfigurations",
};
