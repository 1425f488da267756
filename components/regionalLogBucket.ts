import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccessLogAthena, AthenaNames, AthenaOptions, checkAthenaOptions } from "./accessLogAthena";
import { LogNaming, namingConvention } from "./logNaming";
import {
    checkAccountId, checkPositiveInteger, checkRegion, DEFAULT_EXPIRATION_DAYS, deliveryPrefix, InputError,
    logBucketName, logBucketPolicy, logBucketSpec, NamingConvention, validateNaming,
} from "../engine";

const STORAGE_CLASSES = ["STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"];
// S3 refuses a lifecycle transition to the IA classes before 30 days (PutBucketLifecycleConfiguration fails).
const MIN_TRANSITION_DAYS: Record<string, number> = { STANDARD_IA: 30, ONEZONE_IA: 30 };

/** A lifecycle transition of log objects to a cheaper storage class. */
export interface LogTransition {
    /** Days after creation; less than `expirationDays`. */
    days: number;
    /** One of STANDARD_IA, ONEZONE_IA, INTELLIGENT_TIERING, GLACIER_IR, GLACIER, DEEP_ARCHIVE. */
    storageClass: string;
}

/**
 * The arguments every log bucket takes, whichever Region it is in. The multi-language schema keeps
 * a doc comment's text but not its tags, so defaults are written in the text.
 */
export interface LogBucketOptions {
    /** The account that owns the bucket. Only buckets of this account may deliver into it. */
    accountId: string;
    /** Bucket name and prefix convention. Default: DEFAULT_NAMING, `s3-access-logs-{accountId}-{region}` and `access-logs/`, keys partitioned by EventTime. */
    naming?: LogNaming;
    /** Days before a log object expires. Default: 365. */
    expirationDays?: number;
    /** Move log objects to a cheaper storage class after some days. Default: no transition. */
    transition?: LogTransition;
    /** Let `pulumi destroy` delete the bucket while it still holds logs. Default: false. */
    forceDestroy?: boolean;
    /** Extra tags; the log-bucket tag is always added. Default: {}. */
    tags?: Record<string, string>;
    /** Query the logs with Athena (needs partitioned keys). Default: false. */
    athena?: boolean;
    /** Names, results prefix and first day of the Athena resources; only with `athena`. Default: the defaults of each option. */
    athenaOptions?: AthenaOptions;
}

export interface RegionalLogBucketArgs extends LogBucketOptions {
    /** The bucket's Region: S3 delivers logs only to a target in the source's Region. */
    region: string;
}

/** The names of the lifecycle inputs in messages: the component's arguments, or the program's config keys. */
export interface LifecycleFields {
    days: string;
    storageClass: string;
    expirationDays: string;
}

/** Checks a transition against the expiry and what S3 accepts for its storage class. */
export function checkTransition(
    transition: LogTransition,
    expirationDays: number,
    fields: LifecycleFields = { days: "transition.days", storageClass: "transition.storageClass", expirationDays: "expirationDays" },
): LogTransition {
    const days = checkPositiveInteger(transition.days, fields.days);
    if (days >= expirationDays) {
        throw new InputError(fields.days, `${days} must be less than ${fields.expirationDays} (${expirationDays}), or the transition never happens.`);
    }
    const { storageClass } = transition;
    if (!STORAGE_CLASSES.includes(storageClass)) {
        throw new InputError(fields.storageClass, `"${storageClass}" is not one of ${STORAGE_CLASSES.join(", ")}.`);
    }
    const min = MIN_TRANSITION_DAYS[storageClass] ?? 1;
    if (days < min) throw new InputError(fields.days, `${storageClass} takes objects only after ${min} days or more; use ${min} or more, or another storage class.`);
    return { days, storageClass };
}

/** Refuses Athena over simple keys: its table projects partitions from the partitioned key layout. `fields` names the inputs as the caller knows them. */
export function checkAthenaKeys(athena: boolean | undefined, naming: NamingConvention, fields = { athena: "athena", keyFormat: "keyFormat" }): void {
    if (athena && naming.keyFormat.kind !== "partitioned") {
        throw new InputError(fields.athena, `the Athena table projects partitions from the partitioned key layout; set ${fields.keyFormat} to partitioned, or turn Athena off.`);
    }
}

/** Checks the arguments before anything is created; errors name the argument and the fix. Returns the naming, checked. */
export function validateRegionalLogBucketArgs(args: RegionalLogBucketArgs): NamingConvention {
    checkAccountId(args.accountId, "accountId");
    checkRegion(args.region, "region");
    const naming = namingConvention(args.naming);
    validateNaming(naming);
    const expiration = checkPositiveInteger(args.expirationDays ?? DEFAULT_EXPIRATION_DAYS, "expirationDays");
    if (args.transition) checkTransition(args.transition, expiration);
    if (args.athenaOptions && !args.athena) {
        throw new InputError("athenaOptions", "they only tune the Athena resources; set athena to true, or remove athenaOptions.");
    }
    checkAthenaKeys(args.athena, naming);
    if (args.athena) checkAthenaOptions(args.athenaOptions ?? {}, deliveryPrefix(naming, args.accountId, args.region), "athenaOptions.");
    return naming;
}

/**
 * One hardened access-log bucket for one account and Region: owner-enforced, private,
 * SSE-S3 (the only default encryption log delivery supports), TLS-only, expiring, with the
 * delivery statement the console would add and IaC does not. It never logs to itself.
 */
export class RegionalLogBucket extends pulumi.ComponentResource {
    /** The bucket's name, from the naming template. */
    public readonly bucketName: string;
    /** The Region the bucket is in. */
    public readonly region: string;
    /** The account the bucket is in, whose sources alone it takes logs from. */
    public readonly accountId: string;
    /** The prefix under which sources deliver. */
    public readonly targetPrefix: string;
    /** The bucket resource. */
    public readonly bucket: aws.s3.Bucket;
    /** The bucket's ARN. */
    public readonly arn: pulumi.Output<string>;
    /** The Athena database and workgroup over the logs, when `athena` is on. */
    public readonly athena?: AthenaNames;

    constructor(name: string, args: RegionalLogBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        super("s3-access-logging:index:RegionalLogBucket", name, {}, opts);
        const naming = validateRegionalLogBucketArgs(args);
        const { accountId, region, forceDestroy = false } = args;
        const spec = logBucketSpec(args);

        this.bucketName = logBucketName(naming, accountId, region);
        this.region = region;
        this.accountId = accountId;
        this.targetPrefix = deliveryPrefix(naming, accountId, region);
        const child = { parent: this };

        this.bucket = new aws.s3.Bucket(name, { bucket: this.bucketName, region, forceDestroy, tags: spec.tags }, child);
        const bucket = this.bucket.bucket;

        const ownership = new aws.s3.BucketOwnershipControls(`${name}-ownership`, {
            bucket, region, rule: { objectOwnership: spec.ownership },
        }, child);
        const all = spec.blockPublicAccess;
        const publicAccess = new aws.s3.BucketPublicAccessBlock(`${name}-public-access`, {
            bucket, region, blockPublicAcls: all, blockPublicPolicy: all, ignorePublicAcls: all, restrictPublicBuckets: all,
        }, child);
        new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-encryption`, {
            bucket, region, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: spec.sseAlgorithm } }],
        }, child);
        const { lifecycle } = spec;
        new aws.s3.BucketLifecycleConfiguration(`${name}-lifecycle`, {
            bucket,
            region,
            rules: [{
                id: lifecycle.id,
                status: "Enabled",
                filter: { prefix: "" },
                expiration: { days: lifecycle.expirationDays },
                transitions: lifecycle.transition ? [lifecycle.transition] : undefined,
                abortIncompleteMultipartUpload: { daysAfterInitiation: lifecycle.abortIncompleteMultipartUploadDays },
            }],
        }, child);
        // After the public access block, so a policy is never briefly the only guard.
        new aws.s3.BucketPolicy(`${name}-policy`, {
            bucket,
            region,
            policy: JSON.stringify(logBucketPolicy({ bucket: this.bucketName, region, prefix: this.targetPrefix, sourceAccountId: accountId })),
        }, { ...child, dependsOn: [publicAccess, ownership] });

        if (args.athena) {
            const athena = new AccessLogAthena(`${name}-athena`, {
                ...args.athenaOptions, bucketName: this.bucketName, targetPrefix: this.targetPrefix, accountId, region,
            }, { ...child, dependsOn: [this.bucket] });
            // Names, not the component: an output of the multi-language schema must have a type there.
            this.athena = { databaseName: athena.databaseName, workgroupName: athena.workgroupName };
        }
        this.arn = this.bucket.arn;
        this.registerOutputs({ bucketName: this.bucketName, region, accountId, arn: this.arn, targetPrefix: this.targetPrefix, athena: this.athena });
    }
}
