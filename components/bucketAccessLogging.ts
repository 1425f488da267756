import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkAccountId, checkRegion, DEFAULT_NAMING, InputError, NamingConvention, targetPrefix, validateNaming } from "../engine";
import { toPulumiKeyFormat } from "./keyFormat";
import { RegionalLogBucket } from "./regionalLogBucket";

export interface BucketAccessLoggingArgs {
    /** The bucket to log: its name (an existing bucket) or the bucket resource (a new one). */
    source: string | aws.s3.Bucket;
    /** The source bucket's Region. */
    region: string;
    /** The source bucket's account, for the `{accountId}` prefix variable and the owner check. */
    accountId: string;
    /** Where the logs go: the regional log bucket of the source's account and Region. */
    logBucket: RegionalLogBucket | { bucketName: string; region: string };
    /** Prefix and key format. @default DEFAULT_NAMING */
    naming?: NamingConvention;
}

/** Refuses a self target and a cross-Region target before any resource is made. */
export function validateBucketAccessLoggingArgs(args: BucketAccessLoggingArgs): void {
    checkRegion(args.region, "region");
    checkAccountId(args.accountId, "accountId");
    validateNaming(args.naming ?? DEFAULT_NAMING);
    const { source, logBucket } = args;
    const self = typeof source === "string"
        ? source === logBucket.bucketName
        : logBucket instanceof RegionalLogBucket && logBucket.bucket === source;
    if (self) {
        throw new InputError("logBucket", `${logBucket.bucketName} is the source bucket itself: logging into itself loops forever. Use another bucket.`);
    }
    if (logBucket.region !== args.region) {
        throw new InputError("logBucket", `${logBucket.bucketName} is in ${logBucket.region} but the source is in ${args.region}; S3 delivers logs only within a Region. Use the ${args.region} log bucket.`);
    }
}

/** Turns on server access logging for one bucket into its regional log bucket. */
export class BucketAccessLogging extends pulumi.ComponentResource {
    /** The logging resource. */
    public readonly logging: aws.s3.BucketLogging;

    constructor(name: string, args: BucketAccessLoggingArgs, opts?: pulumi.ComponentResourceOptions) {
        super("s3-access-logging:index:BucketAccessLogging", name, {}, opts);
        validateBucketAccessLoggingArgs(args);
        const { source, region, accountId, logBucket, naming = DEFAULT_NAMING } = args;
        const bucket = typeof source === "string" ? pulumi.output(source) : source.bucket;
        this.logging = new aws.s3.BucketLogging(name, {
            bucket,
            region,
            expectedBucketOwner: accountId,
            targetBucket: logBucket.bucketName,
            targetPrefix: bucket.apply((b) => targetPrefix(naming, { bucket: b, accountId, region })),
            targetObjectKeyFormat: toPulumiKeyFormat(naming.keyFormat),
        }, { parent: this, dependsOn: logBucket instanceof RegionalLogBucket ? [logBucket] : [] });
        this.registerOutputs({});
    }
}
