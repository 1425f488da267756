import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkAccountId, checkRegion, InputError, NamingConvention, targetPrefix, validateNaming } from "../engine";
import { toPulumiKeyFormat } from "./keyFormat";
import { LogNaming, namingConvention } from "./logNaming";
import { RegionalLogBucket } from "./regionalLogBucket";

/** A log bucket by name and Region; a RegionalLogBucket is one. */
export interface LogBucketRef {
    /** The log bucket's name. */
    bucketName: string;
    /** The log bucket's Region. */
    region: string;
}

export interface BucketAccessLoggingArgs {
    /** The name of the bucket to log: an existing bucket's name, or a new bucket's `bucket` output. */
    source: pulumi.Input<string>;
    /** The source bucket's Region. */
    region: string;
    /** The source bucket's account, for the `{accountId}` prefix variable and the owner check. */
    accountId: string;
    /** Where the logs go: the regional log bucket of the source's account and Region. */
    logBucket: LogBucketRef;
    /** Prefix and key format. Default: DEFAULT_NAMING, prefix `access-logs/`, keys partitioned by EventTime. */
    naming?: LogNaming;
}

function selfTarget(bucketName: string): InputError {
    return new InputError("logBucket", `${bucketName} is the source bucket itself: logging into itself loops forever. Use another bucket.`);
}

/** Refuses a self target and a cross-Region target before any resource is made; the naming, checked. */
export function validateBucketAccessLoggingArgs(args: BucketAccessLoggingArgs): NamingConvention {
    checkRegion(args.region, "region");
    checkAccountId(args.accountId, "accountId");
    const naming = namingConvention(args.naming);
    validateNaming(naming);
    const { source, logBucket } = args;
    // A source known only later is checked again once its name is known (see the prefix below).
    const self = typeof source === "string"
        ? source === logBucket.bucketName
        : logBucket instanceof RegionalLogBucket && logBucket.bucket.bucket === source;
    if (self) throw selfTarget(logBucket.bucketName);
    if (logBucket.region !== args.region) {
        throw new InputError("logBucket", `${logBucket.bucketName} is in ${logBucket.region} but the source is in ${args.region}; S3 delivers logs only within a Region. Use the ${args.region} log bucket.`);
    }
    return naming;
}

/** Turns on server access logging for one bucket into its regional log bucket. */
export class BucketAccessLogging extends pulumi.ComponentResource {
    /** The logging resource. */
    public readonly logging: aws.s3.BucketLogging;

    constructor(name: string, args: BucketAccessLoggingArgs, opts?: pulumi.ComponentResourceOptions) {
        super("s3-access-logging:index:BucketAccessLogging", name, {}, opts);
        const naming = validateBucketAccessLoggingArgs(args);
        const { region, accountId, logBucket } = args;
        const bucket = pulumi.output(args.source);
        this.logging = new aws.s3.BucketLogging(name, {
            bucket,
            region,
            expectedBucketOwner: accountId,
            targetBucket: logBucket.bucketName,
            targetPrefix: bucket.apply((b) => {
                if (b === logBucket.bucketName) throw selfTarget(b);
                return targetPrefix(naming, { bucket: b, accountId, region });
            }),
            targetObjectKeyFormat: toPulumiKeyFormat(naming.keyFormat),
        }, { parent: this, dependsOn: logBucket instanceof RegionalLogBucket ? [logBucket] : [] });
        this.registerOutputs({});
    }
}
