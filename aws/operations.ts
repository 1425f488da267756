/**
 * Every AWS operation the tool may call, by mode, with the IAM action it needs. Clients refuse
 * any operation not declared for their mode (see clients.ts), so this table is the truth the
 * least-privilege policies are derived from, never a hand-kept copy.
 */
export type Mode = "audit" | "remediate" | "rollback" | "logs" | "security-hub";

/** Every mode, for `permissions --for`. */
export const MODES: readonly Mode[] = ["audit", "remediate", "rollback", "logs", "security-hub"];

interface Operation {
    /** IAM action the operation needs; undefined when none is needed. */
    action?: string;
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

const WRITE: Record<string, Operation> = {
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
    // A log bucket the remediation created loses its policy, its objects and itself.
    PutBucketLogging: WRITE.PutBucketLogging,
    PutBucketPolicy: WRITE.PutBucketPolicy,
    DeleteBucketPolicy: { action: "s3:DeleteBucketPolicy", resource: "bucket" },
    DeleteObjects: { action: "s3:DeleteObject", resource: "object" },
    DeleteBucket: { action: "s3:DeleteBucket", resource: "bucket" },
};

const LOGS: Record<string, Operation> = {
    GetObject: { action: "s3:GetObject", resource: "object" },
};

const SECURITY_HUB: Record<string, Operation> = {
    // In each account's (or the delegated administrator's) Security Hub, in the bucket's Region.
    BatchImportFindings: { action: "securityhub:BatchImportFindings", resource: "*" },
    GetFindings: { action: "securityhub:GetFindings", resource: "*" },
};

/** Operations allowed in each mode. Remediation and rollback read first, so they include the reads. */
export const OPERATIONS: Record<Mode, Record<string, Operation>> = {
    audit: READ,
    remediate: { ...READ, ...WRITE },
    rollback: { ...READ, ...UNDO },
    logs: { ...READ, ...LOGS },
    "security-hub": { ...READ, ...SECURITY_HUB },
};

/** Operations that change something: a second `remediate --apply` must make none. */
export const WRITE_OPERATIONS = new Set([...Object.keys(WRITE), ...Object.keys(UNDO), "BatchImportFindings"]);

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
        [...new Set(Object.values(OPERATIONS[mode]).filter((o) => o.resource === resource && o.action).map((o) => o.action!))].sort();
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
