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

function checkSameRegion(target: LogBucketRef, region: string): void {
    if (target.region !== region) {
        throw new InputError("logBucket", `${target.bucketName} is in ${target.region} but the source is in ${region}; S3 delivers logs only within a Region. Use the ${region} log bucket.`);
    }
}

/**
 * The target, once the names are known: not the source, in the source's Region, and (for a
 * RegionalLogBucket) a prefix its delivery statement covers. Returns the target prefix.
 */
function checkTarget(source: string, target: LogBucketRef, args: BucketAccessLoggingArgs, naming: NamingConvention): string {
    if (source === target.bucketName) throw selfTarget(source);
    checkSameRegion(target, args.region);
    const prefix = targetPrefix(naming, { bucket: source, accountId: args.accountId, region: args.region });
    // A RegionalLogBucket lets S3 deliver only under its prefix: logs sent elsewhere are denied and dropped without an error.
    const { logBucket } = args;
    if (logBucket instanceof RegionalLogBucket && !prefix.startsWith(logBucket.targetPrefix)) {
        throw new InputError("naming", `the prefix "${prefix}" is outside "${logBucket.targetPrefix}", the only prefix ${logBucket.bucketName} lets S3 deliver under; give both components the same naming.`);
    }
    return prefix;
}

/** Refuses a self target and a cross-Region or cross-account target before any resource is made; the naming, checked. */
export function validateBucketAccessLoggingArgs(args: BucketAccessLoggingArgs): NamingConvention {
    checkRegion(args.region, "region");
    checkAccountId(args.accountId, "accountId");
    const naming = namingConvention(args.naming);
    validateNaming(naming);
    const { source, logBucket } = args;
    // Its delivery statement admits this account's sources only (aws:SourceAccount): S3 would drop the others' logs silently.
    if (logBucket instanceof RegionalLogBucket && logBucket.accountId !== args.accountId) {
        throw new InputError("logBucket", `${logBucket.bucketName} is in account ${logBucket.accountId} but the source is in ${args.accountId}; S3 delivers logs only within an account. Use account ${args.accountId}'s log bucket.`);
    }
    // From other languages a RegionalLogBucket's outputs arrive as Outputs (the schema's `plain` is not enforced): checked once known.
    if (typeof logBucket.bucketName !== "string" || typeof logBucket.region !== "string") return naming;
    if (logBucket instanceof RegionalLogBucket && logBucket.bucket.bucket === source) throw selfTarget(logBucket.bucketName);
    // A source known only later is checked again once its name is known (see the prefix below).
    if (typeof source === "string") checkTarget(source, logBucket, args, naming);
    else checkSameRegion(logBucket, args.region);
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
        // Outputs of the log bucket carry the dependency on it; a RegionalLogBucket is waited for below.
        const target = pulumi.output({ bucketName: logBucket.bucketName, region: logBucket.region });
        this.logging = new aws.s3.BucketLogging(name, {
            bucket,
            region,
            expectedBucketOwner: accountId,
            targetBucket: target.bucketName,
            targetPrefix: pulumi.all([bucket, target]).apply(([b, t]) => checkTarget(b, t, args, naming)),
            targetObjectKeyFormat: toPulumiKeyFormat(naming.keyFormat),
        }, { parent: this, dependsOn: logBucket instanceof RegionalLogBucket ? [logBucket] : [] });
        this.registerOutputs({});
    }
}
