import { S3Client } from "@aws-sdk/client-s3";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { logBucketSpec } from "../../engine";
import { runAudit } from "../../audit/audit";
import { applyPlan } from "../../remediation/apply";
import { hardeningGaps } from "../../remediation/inspect";
import { Journal, JournalWriter } from "../../remediation/journal";
import { planRemediation } from "../../remediation/plan";
import { rollback, RollbackOptions } from "../../remediation/rollback";
import { DUMMY_CREDENTIALS, MANAGEMENT_ACCOUNT } from "../../demo/seedOrganization";
import { AUDIT_OPTIONS, clientsFor } from "../audit/support";

/** What `remediate --apply` does, in process: audit, inspect our log buckets, plan, apply. */
export async function remediate(endpoint: string, journal = new JournalWriter()) {
    const clients = clientsFor(endpoint, "remediate");
    const audit = await runAudit(clients, AUDIT_OPTIONS);
    const spec = logBucketSpec();
    const gaps = await hardeningGaps(clients, audit, AUDIT_OPTIONS.naming, spec);
    const plan = planRemediation(audit, { naming: AUDIT_OPTIONS.naming, gaps });
    const result = await applyPlan(clients, plan, spec, journal);
    return { clients, audit, plan, result, journal };
}

/** A dry run: the plan only. */
export async function planOnly(endpoint: string) {
    const clients = clientsFor(endpoint, "remediate");
    const audit = await runAudit(clients, AUDIT_OPTIONS);
    const gaps = await hardeningGaps(clients, audit, AUDIT_OPTIONS.naming, logBucketSpec());
    return planRemediation(audit, { naming: AUDIT_OPTIONS.naming, gaps });
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
