import { CreateBucketCommand, PutBucketLoggingCommand, PutBucketPolicyCommand, S3Client } from "@aws-sdk/client-s3";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { deliveryStatement, logBucketSpec } from "../../engine";
import { runAudit } from "../../audit/audit";
import { applyPlan } from "../../remediation/apply";
import { hardeningGaps } from "../../remediation/inspect";
import { Journal, JournalWriter } from "../../remediation/journal";
import { planRemediation } from "../../remediation/plan";
import { rollback, RollbackOptions } from "../../remediation/rollback";
import { DUMMY_CREDENTIALS, MANAGEMENT_ACCOUNT } from "../../demo/seedOrganization";
import { AUDIT_OPTIONS, clientsFor } from "../audit/support";

/** Demo buckets S3 refuses to point logging at their old (missing, other-Region or other-account) target again. */
export const NOT_RESTORABLE = ["dev-other-account", "prod-missing-target", "prod-wrong-region"];

/** What `remediate --apply` does, in process: audit, inspect our log buckets, plan, apply. */
export async function remediate(endpoint: string, journal = new JournalWriter(), options = AUDIT_OPTIONS) {
    const { clients, plan } = await planOnly(endpoint, options);
    const result = await applyPlan(clients, plan, logBucketSpec(), journal);
    return { clients, plan, result, journal };
}

/** A dry run: the plan only. */
export async function planOnly(endpoint: string, options = AUDIT_OPTIONS) {
    const clients = clientsFor(endpoint, "remediate");
    const audit = await runAudit(clients, options);
    const { gaps, errors } = await hardeningGaps(clients, audit, options.naming, logBucketSpec(), options);
    return { clients, plan: planRemediation(audit, { naming: options.naming, gaps }), errors };
}

export async function undo(endpoint: string, journal: Journal, options: RollbackOptions = {}) {
    const clients = clientsFor(endpoint, "rollback");
    clients.setCallerAccount(MANAGEMENT_ACCOUNT);
    return rollback(clients, journal, options);
}

/** An S3 client acting as `accountId` (as another actor would), outside the tool. */
export async function s3As(endpoint: string, accountId: string, region = "us-east-1"): Promise<S3Client> {
    let credentials = DUMMY_CREDENTIALS as { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
    if (accountId !== MANAGEMENT_ACCOUNT) {
        const sts = new STSClient({ endpoint, region: "us-east-1", credentials: DUMMY_CREDENTIALS });
        const c = (await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/x`, RoleSessionName: "actor" }))).Credentials!;
        credentials = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken };
    }
    return new S3Client({ endpoint, region, credentials, forcePathStyle: true, followRegionRedirects: true });
}

/** The caller's account only: a small scene for the hostile-operator cases. */
export const CALLER_ONLY = { ...AUDIT_OPTIONS, organization: false };
export const LOG_BUCKET = `s3-access-logs-${MANAGEMENT_ACCOUNT}-us-east-1`;
export const AUDITOR_READ = `{"Sid":"AuditorRead","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::${MANAGEMENT_ACCOUNT}:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::shared-logs/*"}`;

/**
 * `app-data` logs nowhere (remediation creates the regional log bucket for it); `app-web` logs
 * to `shared-logs`, whose policy lost the delivery grant and keeps a foreign statement.
 */
export async function seedSmall(endpoint: string): Promise<S3Client> {
    const s3 = await s3As(endpoint, MANAGEMENT_ACCOUNT);
    for (const Bucket of ["app-data", "app-web", "shared-logs"]) await s3.send(new CreateBucketCommand({ Bucket }));
    const grant = JSON.stringify(deliveryStatement({ bucket: "shared-logs", region: "us-east-1", prefix: "web/", sourceAccountId: MANAGEMENT_ACCOUNT }));
    await s3.send(new PutBucketPolicyCommand({ Bucket: "shared-logs", Policy: `{"Version":"2012-10-17","Statement":[${grant}]}` }));
    await s3.send(new PutBucketLoggingCommand({ Bucket: "app-web", BucketLoggingStatus: { LoggingEnabled: { TargetBucket: "shared-logs", TargetPrefix: "web/" } } }));
    await s3.send(new PutBucketPolicyCommand({ Bucket: "shared-logs", Policy: `{"Version":"2012-10-17","Statement":[${AUDITOR_READ}]}` }));
    return s3;
}
