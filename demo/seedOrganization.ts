import {
    CloseAccountCommand, CreateAccountCommand, CreateOrganizationCommand, CreateOrganizationalUnitCommand, ListRootsCommand,
    MoveAccountCommand, OrganizationsClient,
} from "@aws-sdk/client-organizations";
import {
    BucketLocationConstraint, CreateBucketCommand, DeleteBucketCommand, PutBucketEncryptionCommand, PutBucketLoggingCommand,
    PutBucketPolicyCommand, PutBucketTaggingCommand, PutObjectLockConfigurationCommand, S3Client,
} from "@aws-sdk/client-s3";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { deliveryStatement } from "../engine";

/** Credentials moto accepts; it ignores their value. */
export const DUMMY_CREDENTIALS = { accessKeyId: "testing", secretAccessKey: "testing" };
export const MANAGEMENT_ACCOUNT = "123456789012";
export const DEMO_REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2"];

/** A foreign statement seeded into a target's policy: remediation must keep it byte-for-byte. */
export const FOREIGN_STATEMENT = `{"Sid":"AuditorsRead","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::${MANAGEMENT_ACCOUNT}:root"},"Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::prod-locked-logs","arn:aws:s3:::prod-locked-logs/*"]}`;

export interface DemoOrganization {
    management: string;
    prod: string;
    dev: string;
    suspended: string;
    /** Bucket name → the rule IDs the audit must report for it (before remediation). */
    expected: Record<string, string[]>;
}

type Client = S3Client;

/**
 * Seeds the demo organization into moto: three accounts in use, a suspended one, three Regions,
 * and every rule but target-requester-pays (moto does not implement GetBucketRequestPayment).
 */
export async function seedDemoOrganization(endpoint: string): Promise<DemoOrganization> {
    const base = { endpoint, region: "us-east-1", credentials: DUMMY_CREDENTIALS };
    const org = new OrganizationsClient(base);
    await org.send(new CreateOrganizationCommand({ FeatureSet: "ALL" }));
    const account = async (name: string) =>
        (await org.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }))).CreateAccountStatus!.AccountId!;
    const prod = await account("prod");
    const dev = await account("dev");
    const suspended = await account("retired");
    const root = (await org.send(new ListRootsCommand({}))).Roots![0].Id!;
    const workloads = (await org.send(new CreateOrganizationalUnitCommand({ ParentId: root, Name: "workloads" }))).OrganizationalUnit!.Id!;
    for (const id of [prod, dev]) await org.send(new MoveAccountCommand({ AccountId: id, SourceParentId: root, DestinationParentId: workloads }));

    const sts = new STSClient(base);
    const s3For = async (accountId: string) => {
        const credentials = accountId === MANAGEMENT_ACCOUNT ? DUMMY_CREDENTIALS : await (async () => {
            const c = (await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`, RoleSessionName: "seed" }))).Credentials!;
            return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken };
        })();
        return (region: string) => new S3Client({ endpoint, region, credentials, forcePathStyle: true });
    };
    const mgmt = await s3For(MANAGEMENT_ACCOUNT);
    const p = await s3For(prod);
    const d = await s3For(dev);
    const r = await s3For(suspended);

    const create = async (s3: (region: string) => Client, bucket: string, region: string, extra: { objectLock?: boolean } = {}) => {
        await s3(region).send(new CreateBucketCommand({
            Bucket: bucket,
            ObjectLockEnabledForBucket: extra.objectLock,
            CreateBucketConfiguration: region === "us-east-1" ? undefined : { LocationConstraint: region as BucketLocationConstraint },
        }));
    };
    /** A target that accepts delivery under `prefix` from `accountId`. */
    const target = async (s3: (region: string) => Client, bucket: string, region: string, accountId: string, prefix = "logs/", extra = {}) => {
        await create(s3, bucket, region, extra);
        await grant(s3(region), bucket, region, accountId, prefix);
    };
    const grant = (s3: Client, bucket: string, region: string, accountId: string, prefix: string, others: string[] = []) =>
        s3.send(new PutBucketPolicyCommand({
            Bucket: bucket,
            Policy: `{"Version":"2012-10-17","Statement":[${[JSON.stringify(deliveryStatement({ bucket, region, prefix, sourceAccountId: accountId })), ...others].join(",")}]}`,
        }));
    const log = (s3: Client, bucket: string, targetBucket: string, prefix = "logs/", grants = false) =>
        s3.send(new PutBucketLoggingCommand({
            Bucket: bucket,
            BucketLoggingStatus: {
                LoggingEnabled: {
                    TargetBucket: targetBucket, TargetPrefix: prefix,
                    TargetGrants: grants ? [{ Grantee: { Type: "Group", URI: "http://acs.amazonaws.com/groups/global/AuthenticatedUsers" }, Permission: "READ" }] : undefined,
                },
            },
        }));

    // Management account: one compliant bucket, one without logging.
    await target(mgmt, "mgmt-central-logs", "us-east-1", MANAGEMENT_ACCOUNT);
    await create(mgmt, "mgmt-compliant", "us-east-1");
    await log(mgmt("us-east-1"), "mgmt-compliant", "mgmt-central-logs");
    await create(mgmt, "mgmt-no-logging", "eu-west-1");

    // Prod: one bucket per defect.
    await create(p, "prod-self-logging", "us-east-1");
    await grant(p("us-east-1"), "prod-self-logging", "us-east-1", prod, "logs/");
    await log(p("us-east-1"), "prod-self-logging", "prod-self-logging");

    await target(p, "prod-deleted-logs", "eu-west-1", prod);
    await create(p, "prod-missing-target", "eu-west-1");
    await log(p("eu-west-1"), "prod-missing-target", "prod-deleted-logs");
    await p("eu-west-1").send(new DeleteBucketCommand({ Bucket: "prod-deleted-logs" }));

    // S3 refuses a cross-Region target, so the target moves Region after logging is set.
    await target(p, "prod-moved-logs", "ap-southeast-2", prod);
    await create(p, "prod-wrong-region", "ap-southeast-2");
    await log(p("ap-southeast-2"), "prod-wrong-region", "prod-moved-logs");
    await p("ap-southeast-2").send(new DeleteBucketCommand({ Bucket: "prod-moved-logs" }));
    await target(p, "prod-moved-logs", "us-east-1", prod);

    // Permission withdrawn after logging was set: the policy keeps only a foreign statement.
    await target(p, "prod-locked-logs", "us-east-1", prod);
    await create(p, "prod-no-permission", "us-east-1");
    await log(p("us-east-1"), "prod-no-permission", "prod-locked-logs");
    await p("us-east-1").send(new PutBucketPolicyCommand({ Bucket: "prod-locked-logs", Policy: `{"Version":"2012-10-17","Statement":[${FOREIGN_STATEMENT}]}` }));

    await target(p, "prod-kms-logs", "eu-west-1", prod);
    await create(p, "prod-kms-target", "eu-west-1");
    await log(p("eu-west-1"), "prod-kms-target", "prod-kms-logs");
    await p("eu-west-1").send(new PutBucketEncryptionCommand({
        Bucket: "prod-kms-logs", ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms", KMSMasterKeyID: "alias/logs" } }] },
    }));

    await target(p, "prod-lock-logs", "eu-west-1", prod, "logs/", { objectLock: true });
    await p("eu-west-1").send(new PutObjectLockConfigurationCommand({
        Bucket: "prod-lock-logs", ObjectLockConfiguration: { ObjectLockEnabled: "Enabled", Rule: { DefaultRetention: { Mode: "GOVERNANCE", Days: 30 } } },
    }));
    await create(p, "prod-object-lock-src", "eu-west-1");
    await log(p("eu-west-1"), "prod-object-lock-src", "prod-lock-logs");

    await target(p, "prod-grants-logs", "us-east-1", prod);
    await create(p, "prod-grants-src", "us-east-1");
    await log(p("us-east-1"), "prod-grants-src", "prod-grants-logs", "logs/", true);

    await target(p, "prod-cycle-a", "ap-southeast-2", prod);
    await target(p, "prod-cycle-b", "ap-southeast-2", prod);
    await log(p("ap-southeast-2"), "prod-cycle-a", "prod-cycle-b");
    await log(p("ap-southeast-2"), "prod-cycle-b", "prod-cycle-a");

    await target(p, "prod-chain-archive", "us-east-1", prod);
    await target(p, "prod-chain-logs", "us-east-1", prod);
    await create(p, "prod-chain-src", "us-east-1");
    await log(p("us-east-1"), "prod-chain-src", "prod-chain-logs");
    await log(p("us-east-1"), "prod-chain-logs", "prod-chain-archive");

    // Dev: a target that now belongs to prod, an exempt bucket, a Control Tower bucket.
    await target(d, "dev-shared-logs", "us-east-1", dev);
    await create(d, "dev-other-account", "us-east-1");
    await log(d("us-east-1"), "dev-other-account", "dev-shared-logs");
    await d("us-east-1").send(new DeleteBucketCommand({ Bucket: "dev-shared-logs" }));
    await target(p, "dev-shared-logs", "us-east-1", dev);
    await create(d, "dev-scratch", "ap-southeast-2");
    await d("ap-southeast-2").send(new PutBucketTaggingCommand({ Bucket: "dev-scratch", Tagging: { TagSet: [{ Key: "s3-access-logging:exempt", Value: "true" }] } }));
    await create(d, "aws-controltower-logs-dev", "us-east-1");

    // A suspended account's buckets are not audited.
    await create(r, "retired-bucket", "us-east-1");
    await org.send(new CloseAccountCommand({ AccountId: suspended }));

    return {
        management: MANAGEMENT_ACCOUNT, prod, dev, suspended,
        expected: {
            "mgmt-no-logging": ["logging-disabled"],
            "prod-self-logging": ["target-is-source"],
            "prod-missing-target": ["target-missing"],
            "prod-wrong-region": ["target-other-region"],
            "prod-no-permission": ["target-denies-delivery"],
            "prod-kms-target": ["target-kms-encrypted"],
            "prod-object-lock-src": ["target-object-lock-retention"],
            "prod-grants-src": ["target-grants-unsupported"],
            "prod-cycle-a": ["logging-cycle"],
            "prod-cycle-b": ["logging-cycle"],
            "prod-chain-logs": ["target-logs-enabled"],
            "dev-other-account": ["target-other-account"],
            "aws-controltower-logs-dev": ["logging-disabled"],
        },
    };
}
