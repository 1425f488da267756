import {
    DeleteBucketCommand, DeleteBucketPolicyCommand, DeleteObjectsCommand, paginateListObjectsV2, PutBucketLoggingCommand,
    PutBucketPolicyCommand, S3Client,
} from "@aws-sdk/client-s3";
import { AwsClients } from "../clients";
import { errorMessage } from "../awsErrors";
import { AuditError } from "../gather";
import { Change, Journal } from "./journal";

async function emptyAndDelete(s3: S3Client, bucket: string): Promise<void> {
    for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket })) {
        const keys = (page.Contents ?? []).map((o) => ({ Key: o.Key! }));
        if (keys.length > 0) await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } }));
    }
    await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
}

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

/** Undoes a journal's changes, newest first. Failures are reported; the rest still run. */
export async function rollback(clients: AwsClients, journal: Journal): Promise<{ undone: Change[]; errors: AuditError[] }> {
    const undone: Change[] = [];
    const errors: AuditError[] = [];
    for (const change of [...journal.changes].reverse()) {
        try {
            await undo(clients.s3(change.accountId, change.region), change);
            undone.push(change);
        } catch (e) {
            errors.push({ accountId: change.accountId, region: change.region, bucket: change.bucket, operation: `rollback ${change.kind}`, message: errorMessage(e) });
        }
    }
    return { undone, errors };
}
