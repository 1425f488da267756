import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/**
 * Pulumi programs written in the style of public ones (pulumi/examples, the @pulumi/aws docs,
 * the Pulumi blog), each the smallest that shows one of the cases of issue 12.
 */

/** Delivery into a log bucket by bucket policy, as the S3 user guide recommends. */
function deliveryPolicy(logBucket: aws.s3.Bucket, sourceAccount: string): pulumi.Output<string> {
    return pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [{
            Sid: "S3ServerAccessLogsPolicy",
            Effect: "Allow",
            Principal: { Service: "logging.s3.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: pulumi.interpolate`${logBucket.arn}/*`,
            Condition: { StringEquals: { "aws:SourceAccount": sourceAccount } },
        }],
    });
}

/** aws-ts-s3-folder: a website bucket with objects and a public-read policy; no logging at all. */
export function s3Folder(): void {
    const siteBucket = new aws.s3.Bucket("s3-website-bucket", { website: { indexDocument: "index.html" } });
    const ownershipControls = new aws.s3.BucketOwnershipControls("ownership-controls", { bucket: siteBucket.id, rule: { objectOwnership: "ObjectWriter" } });
    const publicAccessBlock = new aws.s3.BucketPublicAccessBlock("public-access-block", { bucket: siteBucket.id, blockPublicAcls: false });
    for (const item of ["index.html", "favicon.png"]) {
        new aws.s3.BucketObject(item, { bucket: siteBucket.id, source: new pulumi.asset.StringAsset(`<!-- ${item} -->`) }, { dependsOn: [ownershipControls, publicAccessBlock] });
    }
    new aws.s3.BucketPolicy("bucketPolicy", {
        bucket: siteBucket.id,
        policy: pulumi.jsonStringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: "*", Action: ["s3:GetObject"], Resource: [pulumi.interpolate`${siteBucket.arn}/*`] }],
        }),
    }, { dependsOn: [ownershipControls, publicAccessBlock] });
}

/**
 * The @pulumi/aws BucketLogging example (aws v7 style): the source bucket registers before its
 * BucketLogging; the log bucket accepts delivery by the canned ACL log-delivery-write, which
 * S3 honours because ownership is BucketOwnerPreferred (ACLs enabled).
 */
export function bucketLoggingDocs(): void {
    const example = new aws.s3.Bucket("example", { bucket: "my-tf-example-bucket" });
    new aws.s3.BucketAcl("example", { bucket: example.id, acl: "private" });
    const logBucket = new aws.s3.Bucket("log_bucket", { bucket: "my-tf-log-bucket" });
    const ownership = new aws.s3.BucketOwnershipControls("log_bucket", { bucket: logBucket.id, rule: { objectOwnership: "BucketOwnerPreferred" } });
    new aws.s3.BucketAcl("log_bucket_acl", { bucket: logBucket.id, acl: "log-delivery-write" }, { dependsOn: [ownership] });
    new aws.s3.BucketLogging("example", { bucket: example.id, targetBucket: logBucket.id, targetPrefix: "log/" });
}

/** The same, without the ownership controls: ACLs stay disabled and the canned ACL grants nothing. */
export function bucketLoggingAclsDisabled(): void {
    const example = new aws.s3.Bucket("example", { bucket: "my-tf-example-bucket" });
    const logBucket = new aws.s3.Bucket("log_bucket", { bucket: "my-tf-log-bucket" });
    new aws.s3.BucketAcl("log_bucket_acl", { bucket: logBucket.id, acl: "log-delivery-write" });
    new aws.s3.BucketLogging("example", { bucket: example.id, targetBucket: logBucket.id, targetPrefix: "log/" });
}

/**
 * A production-style stack: a log bucket (auto-named, delivery by bucket policy) created before
 * the sources that log into it, here with inline logging on a website bucket. Tagged by nothing
 * and not named by the template: only the stack tells it is a log bucket.
 */
export function logBucketFirst(account: string): void {
    const accessLogs = new aws.s3.Bucket("access-logs", { forceDestroy: true, lifecycleRules: [{ enabled: true, expiration: { days: 90 } }] });
    new aws.s3.BucketPolicy("access-logs", { bucket: accessLogs.id, policy: deliveryPolicy(accessLogs, account) });
    const assets = new aws.s3.Bucket("assets", { website: { indexDocument: "index.html" }, logging: { targetBucket: accessLogs.id, targetPrefix: "assets/" } });
    const uploads = new aws.s3.Bucket("uploads");
    new aws.s3.BucketLogging("uploads", { bucket: uploads.id, targetBucket: accessLogs.id, targetPrefix: "uploads/" });
    new aws.s3.BucketPublicAccessBlock("assets", { bucket: assets.id, blockPublicAcls: true, blockPublicPolicy: true });
}

/**
 * The Pulumi blog's example: inline logging into a log bucket by its id, which is unknown at
 * preview. The log bucket has no policy, and ACLs are disabled by default: delivery fails.
 */
export function blogInlineLogging(): void {
    const logBucket = new aws.s3.Bucket("logBucket");
    new aws.s3.Bucket("bucket", { logging: { targetBucket: logBucket.id, targetPrefix: "log/" } });
}

/** A data bucket with no logging: its `logging` output is unknown at preview. */
export function bareBucket(): void {
    new aws.s3.Bucket("data", { forceDestroy: true, tags: { team: "analytics" } });
}

/** A log bucket whose delivery policy is built from its ARN, in a BucketPolicy named "logging". */
export function policyFromArn(account: string): void {
    const logBucket = new aws.s3.Bucket("access-logging-bucket");
    new aws.s3.BucketPolicy("logging", { bucket: logBucket.id, policy: deliveryPolicy(logBucket, account) });
    const app = new aws.s3.Bucket("app");
    new aws.s3.BucketLogging("app", { bucket: app.id, targetBucket: logBucket.id, targetPrefix: "app/" });
}

/** Logging declared twice by the program itself: inline and a BucketLogging; two BucketLoggings. */
export function doubleLogging(account: string): void {
    const logs = new aws.s3.Bucket("logs");
    new aws.s3.BucketPolicy("logs", { bucket: logs.id, policy: deliveryPolicy(logs, account) });
    const web = new aws.s3.Bucket("web", { logging: { targetBucket: logs.id, targetPrefix: "web/" } });
    new aws.s3.BucketLogging("web", { bucket: web.id, targetBucket: logs.id, targetPrefix: "web-access/" });
    const api = new aws.s3.Bucket("api");
    new aws.s3.BucketLogging("api", { bucket: api.id, targetBucket: logs.id, targetPrefix: "api/" });
    new aws.s3.BucketLogging("api-again", { bucket: api.id, targetBucket: logs.id, targetPrefix: "api-2/" });
}

/**
 * A website bucket declared inline (as aws-ts-s3-folder) that also gets a separate BucketLogging:
 * the one case where remediation, which runs before the BucketLogging registers, still adds a
 * second declaration.
 */
export function inlineWebsiteWithBucketLogging(account: string): void {
    const logs = new aws.s3.Bucket("logs");
    new aws.s3.BucketPolicy("logs", { bucket: logs.id, policy: deliveryPolicy(logs, account) });
    const site = new aws.s3.Bucket("site", { website: { indexDocument: "index.html" } });
    new aws.s3.BucketLogging("site", { bucket: site.id, targetBucket: logs.id, targetPrefix: "site/" });
}
