import {
    BucketLocationConstraint, CreateBucketCommand, GetBucketLoggingCommand, GetBucketPolicyCommand, LoggingEnabled,
    PutBucketEncryptionCommand, PutBucketLifecycleConfigurationCommand, PutBucketLoggingCommand, PutBucketOwnershipControlsCommand,
    PutBucketPolicyCommand, PutBucketTaggingCommand, PutPublicAccessBlockCommand, S3Client,
} from "@aws-sdk/client-s3";
import { LogBucketSpec, logBucketPolicy, mergeDeliveryStatement } from "../engine";
import { AwsClients } from "../aws/clients";
import { errorCode, errorMessage } from "../aws/errors";
import { AuditError } from "../audit/gather";
import { JournalWriter } from "./journal";
import { Action, Plan } from "./plan";

export interface ApplyResult {
    applied: Action[];
    errors: AuditError[];
}

/** Creates a log bucket with the same hardening as the Pulumi component. */
async function createLogBucket(s3: S3Client, action: Extract<Action, { kind: "create-log-bucket" }>, spec: LogBucketSpec): Promise<void> {
    const Bucket = action.bucket;
    await s3.send(new CreateBucketCommand({
        Bucket,
        ObjectOwnership: spec.ownership,
        // us-east-1 takes no location constraint.
        CreateBucketConfiguration: action.region === "us-east-1" ? undefined : { LocationConstraint: action.region as BucketLocationConstraint },
    }));
    await s3.send(new PutBucketOwnershipControlsCommand({ Bucket, OwnershipControls: { Rules: [{ ObjectOwnership: spec.ownership }] } }));
    await s3.send(new PutPublicAccessBlockCommand({
        Bucket,
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    }));
    await s3.send(new PutBucketEncryptionCommand({
        Bucket, ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: spec.sseAlgorithm } }] },
    }));
    const { lifecycle } = spec;
    await s3.send(new PutBucketLifecycleConfigurationCommand({
        Bucket,
        LifecycleConfiguration: {
            Rules: [{
                ID: lifecycle.id,
                Status: "Enabled",
                Filter: { Prefix: "" },
                Expiration: { Days: lifecycle.expirationDays },
                Transitions: lifecycle.transition ? [{ Days: lifecycle.transition.days, StorageClass: lifecycle.transition.storageClass as never }] : undefined,
                AbortIncompleteMultipartUpload: { DaysAfterInitiation: lifecycle.abortIncompleteMultipartUploadDays },
            }],
        },
    }));
    await s3.send(new PutBucketTaggingCommand({ Bucket, Tagging: { TagSet: Object.entries(spec.tags).map(([Key, Value]) => ({ Key, Value })) } }));
    await s3.send(new PutBucketPolicyCommand({
        Bucket,
        Policy: JSON.stringify(logBucketPolicy({ bucket: Bucket, region: action.region, prefix: action.prefix, sourceAccountId: action.accountId })),
    }));
}

async function currentPolicy(s3: S3Client, bucket: string): Promise<string | null> {
    try {
        return (await s3.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy ?? null;
    } catch (e) {
        if (errorCode(e) === "NoSuchBucketPolicy") return null;
        throw e;
    }
}

function sameLogging(a: LoggingEnabled | null | undefined, b: LoggingEnabled | null | undefined): boolean {
    const norm = (l: LoggingEnabled | null | undefined) => l?.TargetBucket ? { b: l.TargetBucket, p: l.TargetPrefix ?? "" } : null;
    return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}

/**
 * Carries out a plan, re-reading each configuration just before changing it: what changed since
 * the audit is left alone and reported. Every change is journaled before the next one starts.
 */
export async function applyPlan(clients: AwsClients, plan: Plan, spec: LogBucketSpec, journal: JournalWriter): Promise<ApplyResult> {
    const result: ApplyResult = { applied: [], errors: [] };
    for (const action of plan.actions) {
        const s3 = clients.s3(action.accountId, action.region);
        const where = { accountId: action.accountId, region: action.region, bucket: action.bucket };
        try {
            if (action.kind === "create-log-bucket") {
                journal.record({ kind: "created-bucket", ...where });
                await createLogBucket(s3, action, spec);
            } else if (action.kind === "grant-delivery") {
                const before = await currentPolicy(s3, action.bucket);
                const merged = mergeDeliveryStatement(before, { bucket: action.bucket, region: action.region, prefix: action.prefix, sourceAccountId: action.accountId });
                if (!merged.changed) continue;
                journal.record({ kind: "policy", ...where, before, after: merged.policy });
                await s3.send(new PutBucketPolicyCommand({ Bucket: action.bucket, Policy: merged.policy }));
            } else {
                const before = (await s3.send(new GetBucketLoggingCommand({ Bucket: action.bucket }))).LoggingEnabled ?? null;
                if (!sameLogging(before, action.from)) {
                    throw new Error(`logging of ${action.bucket} changed since the audit; run the audit again`);
                }
                // PutBucketLogging replaces the whole configuration: `to` carries over what we do not change.
                journal.record({ kind: "logging", ...where, before, after: action.to });
                await s3.send(new PutBucketLoggingCommand({ Bucket: action.bucket, BucketLoggingStatus: { LoggingEnabled: action.to } }));
            }
            result.applied.push(action);
        } catch (e) {
            result.errors.push({ ...where, operation: action.kind, message: errorMessage(e) });
        }
    }
    return result;
}
