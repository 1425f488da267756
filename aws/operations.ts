/**
 * Every AWS operation the tool may call, by mode, with the IAM action it needs. Clients refuse
 * any operation not declared for their mode (see clients.ts), so this table is the truth the
 * least-privilege policies are derived from, never a hand-kept copy.
 */
export type Mode = "audit" | "remediate" | "rollback" | "logs" | "security-hub";

interface Operation {
    /** IAM actions the operation needs; undefined when none is needed. */
    action?: string | string[];
    /** What the action is scoped to in the generated policy. */
    resource: "*" | "role" | "bucket" | "object";
}

const READ: Record<string, Operation> = {
    // Organizations and STS, from the account the tool runs in.
    DescribeOrganization: { action: "organizations:DescribeOrganization", resource: "*" },
    ListAccounts: { action: "organizations:ListAccounts", resource: "*" },
    ListAccountsForParent: { action: "organizations:ListAccountsForParent", resource: "*" },
    ListOrganizationalUnitsForParent: { action: "organizations:ListOrganizationalUnitsForParent", resource: "*" },
    GetCallerIdentity: { resource: "*" },
    AssumeRole: { action: "sts:AssumeRole", resource: "role" },
    // S3 configuration reads, in every audited account.
    ListBuckets: { action: "s3:ListAllMyBuckets", resource: "*" },
    GetBucketLocation: { action: "s3:GetBucketLocation", resource: "bucket" },
    HeadBucket: { action: "s3:ListBucket", resource: "bucket" },
    GetBucketLogging: { action: "s3:GetBucketLogging", resource: "bucket" },
    GetBucketTagging: { action: "s3:GetBucketTagging", resource: "bucket" },
    GetBucketPolicy: { action: "s3:GetBucketPolicy", resource: "bucket" },
    GetBucketAcl: { action: "s3:GetBucketAcl", resource: "bucket" },
    GetBucketOwnershipControls: { action: "s3:GetBucketOwnershipControls", resource: "bucket" },
    GetBucketEncryption: { action: "s3:GetEncryptionConfiguration", resource: "bucket" },
    GetObjectLockConfiguration: { action: "s3:GetBucketObjectLockConfiguration", resource: "bucket" },
    GetBucketRequestPayment: { action: "s3:GetBucketRequestPayment", resource: "bucket" },
    // Delivery check: the newest log object under a target prefix.
    ListObjectsV2: { action: "s3:ListBucket", resource: "bucket" },
};

/** Reads of the log bucket hardening, for remediation and rollback only: the audit does not need them. */
const HARDENING_READ: Record<string, Operation> = {
    GetPublicAccessBlock: { action: "s3:GetBucketPublicAccessBlock", resource: "bucket" },
    GetBucketLifecycleConfiguration: { action: "s3:GetLifecycleConfiguration", resource: "bucket" },
};

const WRITE: Record<string, Operation> = {
    // The claim object that proves which run created a log bucket (conditional write).
    PutObject: { action: "s3:PutObject", resource: "object" },
    CreateBucket: { action: "s3:CreateBucket", resource: "bucket" },
    PutBucketOwnershipControls: { action: "s3:PutBucketOwnershipControls", resource: "bucket" },
    PutPublicAccessBlock: { action: "s3:PutBucketPublicAccessBlock", resource: "bucket" },
    PutBucketEncryption: { action: "s3:PutEncryptionConfiguration", resource: "bucket" },
    PutBucketLifecycleConfiguration: { action: "s3:PutLifecycleConfiguration", resource: "bucket" },
    PutBucketTagging: { action: "s3:PutBucketTagging", resource: "bucket" },
    PutBucketPolicy: { action: "s3:PutBucketPolicy", resource: "bucket" },
    PutBucketLogging: { action: "s3:PutBucketLogging", resource: "bucket" },
};

const UNDO: Record<string, Operation> = {
    // Every setting remediation changes is put back, or removed when it was not set before.
    PutBucketLogging: WRITE.PutBucketLogging,
    PutBucketPolicy: WRITE.PutBucketPolicy,
    DeleteBucketPolicy: { action: "s3:DeleteBucketPolicy", resource: "bucket" },
    PutBucketTagging: WRITE.PutBucketTagging,
    DeleteBucketTagging: WRITE.PutBucketTagging,
    PutBucketLifecycleConfiguration: WRITE.PutBucketLifecycleConfiguration,
    DeleteBucketLifecycle: WRITE.PutBucketLifecycleConfiguration,
    PutPublicAccessBlock: WRITE.PutPublicAccessBlock,
    DeletePublicAccessBlock: WRITE.PutPublicAccessBlock,
    PutBucketEncryption: WRITE.PutBucketEncryption,
    DeleteBucketEncryption: WRITE.PutBucketEncryption,
    PutBucketOwnershipControls: WRITE.PutBucketOwnershipControls,
    DeleteBucketOwnershipControls: WRITE.PutBucketOwnershipControls,
    // A log bucket the run created: its versions (and claim) listed, and with it emptied and deleted.
    ListObjectVersions: { action: "s3:ListBucketVersions", resource: "bucket" },
    DeleteObjects: { action: ["s3:DeleteObject", "s3:DeleteObjectVersion"], resource: "object" },
    DeleteBucket: { action: "s3:DeleteBucket", resource: "bucket" },
};

/**
 * What rollback reads: the journal names the accounts, Regions and buckets, so no organization
 * nor audit reads; each journaled setting's current value, and which buckets still log to a
 * created one (the account's bucket list and their logging).
 */
const ROLLBACK_READ: Record<string, Operation> = {
    GetCallerIdentity: READ.GetCallerIdentity,
    AssumeRole: READ.AssumeRole,
    ListBuckets: READ.ListBuckets,
    GetBucketLocation: READ.GetBucketLocation,
    HeadBucket: READ.HeadBucket,
    GetBucketLogging: READ.GetBucketLogging,
    GetBucketPolicy: READ.GetBucketPolicy,
    GetBucketTagging: READ.GetBucketTagging,
    GetBucketEncryption: READ.GetBucketEncryption,
    GetBucketOwnershipControls: READ.GetBucketOwnershipControls,
    ...HARDENING_READ,
};

/** Reading a bucket's logs: who the caller is, where the bucket logs to, and its log objects. */
const LOGS: Record<string, Operation> = {
    GetCallerIdentity: READ.GetCallerIdentity,
    AssumeRole: READ.AssumeRole,
    GetBucketLocation: READ.GetBucketLocation,
    GetBucketLogging: READ.GetBucketLogging,
    ListObjectsV2: READ.ListObjectsV2,
    GetObject: { action: "s3:GetObject", resource: "object" },
};

const SECURITY_HUB: Record<string, Operation> = {
    // In each account's (or the delegated administrator's) Security Hub, in the bucket's Region.
    BatchImportFindings: { action: "securityhub:BatchImportFindings", resource: "*" },
    GetFindings: { action: "securityhub:GetFindings", resource: "*" },
};

/** Operations allowed in each mode. Remediation and the Security Hub import audit first, so they include the audit's reads. */
export const OPERATIONS: Record<Mode, Record<string, Operation>> = {
    audit: READ,
    remediate: { ...READ, ...HARDENING_READ, ...WRITE },
    rollback: { ...ROLLBACK_READ, ...UNDO },
    logs: LOGS,
    "security-hub": { ...READ, ...SECURITY_HUB },
};

/** Every mode, for `permissions --for`. */
export const MODES = Object.keys(OPERATIONS) as Mode[];

/** Operations that change something: a second `remediate --apply` must make none. */
export const WRITE_OPERATIONS = new Set([...Object.keys(WRITE), ...Object.keys(UNDO), ...Object.keys(SECURITY_HUB)].filter((op) => !/^(Get|List|Head)/.test(op)));

export function isDeclared(mode: Mode, operation: string): boolean {
    return operation in OPERATIONS[mode];
}

export interface IamPolicy {
    Version: "2012-10-17";
    Statement: { Sid: string; Effect: "Allow"; Action: string[]; Resource: string }[];
}

/**
 * The least-privilege IAM policy for a mode, for the identity the tool runs as and for the
 * role it assumes in member accounts (`roleName`).
 */
export function permissionsFor(mode: Mode, roleName: string, partition = "aws"): IamPolicy {
    const actions = (resource: Operation["resource"]) =>
        [...new Set(Object.values(OPERATIONS[mode]).filter((o) => o.resource === resource).flatMap((o) => o.action ?? []))].sort();
    const scopes: [string, Operation["resource"], string][] = [
        ["AccountWide", "*", "*"],
        ["AssumeMemberRole", "role", `arn:${partition}:iam::*:role/${roleName}`],
        ["Buckets", "bucket", `arn:${partition}:s3:::*`],
        ["Objects", "object", `arn:${partition}:s3:::*/*`],
    ];
    return {
        Version: "2012-10-17",
        Statement: scopes
            .map(([sid, resource, arn]) => ({ Sid: sid, Effect: "Allow" as const, Action: actions(resource), Resource: arn }))
            .filter((s) => s.Action.length > 0),
    };
}
