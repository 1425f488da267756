import {
    DeleteBucketCommand, DeleteBucketPolicyCommand, DeleteObjectsCommand, paginateListObjectsV2, PutBucketLoggingCommand,
    PutBucketPolicyCommand, S3Client,
} from "@aws-sdk/client-s3";
import { AwsClients } from "../aws/clients";
import { errorCode, errorMessage } from "../aws/errors";
import { AuditError } from "../audit/gather";
import { Change, Journal } from "./journal";

/**
 * Deletes a bucket remediation created. Its policy goes first: it is ours, and a Deny in it
 * (TLS-only, or one added since) must not stop the bucket from being emptied.
 */
async function emptyAndDelete(s3: S3Client, bucket: string): Promise<void> {
    await s3.send(new DeleteBucketPolicyCommand({ Bucket: bucket }));
    for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket })) {
        const keys = (page.Contents ?? []).map((o) => ({ Key: o.Key! }));
        if (keys.length === 0) continue;
        const { Errors } = await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } }));
        // DeleteObjects answers 200 and lists per-key failures.
        if (Errors?.length) throw new Error(`${Errors.length} objects of ${bucket} could not be deleted: ${Errors[0].Key} ${Errors[0].Code}`);
    }
    await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
}

/** S3 validates a logging configuration on write: one that points at a missing, foreign or far target cannot be put back. */
const REFUSED_TARGET = /^(InvalidTargetBucketForLogging|CrossLocationLoggingProhibit+ed)$/;

async function undo(s3: S3Client, change: Change): Promise<void> {
    switch (change.kind) {
        case "logging":
            // An empty status turns logging off; otherwise the whole previous configuration returns.
            await s3.send(new PutBucketLoggingCommand({ Bucket: change.bucket, BucketLoggingStatus: change.before ? { LoggingEnabled: change.before } : {} }));
            break;
        case "policy":
            if (change.before === null) await s3.send(new DeleteBucketPolicyCommand({ Bucket: change.bucket }));
            else await s3.send(new PutBucketPolicyCommand({ Bucket: change.bucket, Policy: change.before }));
            break;
        case "created-bucket":
            // The logs in it exist only because remediation sent them there.
            await emptyAndDelete(s3, change.bucket);
            break;
    }
}

export interface RollbackResult {
    undone: Change[];
    /** Previous logging configurations S3 refuses to accept again (their target is gone or elsewhere); left as remediated. */
    notRestorable: { bucket: string; before: string; reason: string }[];
    errors: AuditError[];
}

/** Undoes a journal's changes, newest first. Failures are reported; the rest still run. */
export async function rollback(clients: AwsClients, journal: Journal): Promise<RollbackResult> {
    const result: RollbackResult = { undone: [], notRestorable: [], errors: [] };
    for (const change of [...journal.changes].reverse()) {
        try {
            await undo(clients.s3(change.accountId, change.region), change);
            result.undone.push(change);
        } catch (e) {
            if (change.kind === "logging" && REFUSED_TARGET.test(errorCode(e))) {
                result.notRestorable.push({ bucket: change.bucket, before: `${change.before?.TargetBucket}/${change.before?.TargetPrefix ?? ""}`, reason: errorMessage(e) });
            } else {
                result.errors.push({ accountId: change.accountId, region: change.region, bucket: change.bucket, operation: `rollback ${change.kind}`, message: errorMessage(e) });
            }
        }
    }
    return result;
}
