import { Known } from "./known";
import { PolicyDocument } from "./policyDocument";

/** How log object keys are laid out under the target prefix. */
export type KeyFormat =
    | { kind: "simple" }
    | { kind: "partitioned"; dateSource: "EventTime" | "DeliveryTime" };

/** A legacy ACL grant, either on a bucket or in a logging configuration's TargetGrants. */
export interface Grant {
    grantee: { type: "Group"; uri: string } | { type: "CanonicalUser"; id: string } | { type: "AmazonCustomerByEmail"; email: string };
    permission: "FULL_CONTROL" | "READ" | "WRITE" | "READ_ACP" | "WRITE_ACP";
}

/** A bucket's server access logging configuration, as PutBucketLogging takes it. */
export interface LoggingConfig {
    targetBucket: string;
    targetPrefix: string;
    /** Absent means "SimplePrefix", the AWS default. */
    keyFormat?: KeyFormat;
    targetGrants?: Grant[];
}

export type ObjectOwnership = "BucketOwnerEnforced" | "BucketOwnerPreferred" | "ObjectWriter";

export interface DefaultEncryption {
    algorithm: "AES256" | "aws:kms" | "aws:kms:dsse";
    kmsKeyId?: string;
    /** True when the KMS key policy is known to let logging.s3.amazonaws.com use the key. */
    keyGrantsLogDelivery?: boolean;
}

/**
 * Everything the rules need to know about one bucket. Each front end (policy pack, audit)
 * gathers these; the engine never talks to AWS or Pulumi.
 */
export interface BucketFacts {
    /** Bucket name: the graph key, globally unique as in AWS. */
    name: string;
    accountId: Known<string>;
    /**
     * The AWS Organizations ID of the bucket's account, `null` when it is in none; absent when not
     * gathered. S3 puts it in its delivery request as `aws:SourceOrgID`.
     */
    organizationId?: Known<string | null>;
    /** Normalised Region code (see `normalizeRegion`). */
    region: Known<string>;
    /** False for a target that was looked up and not found. */
    exists: Known<boolean>;
    /** Judge this bucket as a source. False for buckets only looked up because they are targets. */
    inScope: boolean;
    /** `null` when access logging is off. */
    logging: Known<LoggingConfig | null>;
    /** `null` when the bucket has no bucket policy. */
    policy: Known<PolicyDocument | null>;
    aclGrants: Known<Grant[]>;
    ownership: Known<ObjectOwnership>;
    encryption: Known<DefaultEncryption>;
    /** True when Object Lock has a default retention rule. */
    objectLockRetention: Known<boolean>;
    requesterPays: Known<boolean>;
    tags: Known<Record<string, string>>;
    /** Marked as an access-log bucket (tag or configuration): exempt from "must log". */
    designatedLogBucket: boolean;
    /**
     * The resources that declare this bucket's logging, where a front end can tell (the policy
     * pack): more than one means they overwrite each other. AWS itself holds one configuration.
     */
    loggingDeclaredBy?: string[];
    /** Set when the user exempted the bucket; the reason is shown in reports. */
    exemption?: string;
    /** Present only when delivery was checked: a log object written since `since`, or null. */
    delivery?: Known<{ since: string; maxAgeHours: number; objectKey: string | null }>;
}

/** Facts for an existing bucket with every aspect not given at its AWS default for new buckets. */
export function bucketFacts(
    facts: Pick<BucketFacts, "name" | "accountId" | "region"> & Partial<BucketFacts>,
): BucketFacts {
    return {
        exists: true,
        inScope: true,
        logging: null,
        policy: null,
        aclGrants: [],
        ownership: "BucketOwnerEnforced",
        encryption: { algorithm: "AES256" },
        objectLockRetention: false,
        requesterPays: false,
        tags: {},
        designatedLogBucket: false,
        ...facts,
    };
}
