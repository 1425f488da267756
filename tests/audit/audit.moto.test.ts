import { strict as assert } from "assert";
import { DescribeOrganizationCommand } from "@aws-sdk/client-organizations";
import { CreateBucketCommand, PutBucketLoggingCommand, PutBucketPolicyCommand } from "@aws-sdk/client-s3";
import { deliveryStatement } from "../../engine";
import { runAudit } from "../../audit/audit";
import { WRITE_OPERATIONS } from "../../aws/operations";
import { exitCode } from "../../audit/report";
import { DemoOrganization, MANAGEMENT_ACCOUNT, seedDemoOrganization } from "../../demo/seedOrganization";
import { s3As } from "../remediation/support";
import { AUDIT_OPTIONS, clientsFor, useMoto } from "./support";

describe("audit against moto (a demo organization)", function () {
    this.timeout(60_000);
    const { moto } = useMoto();
    let org: DemoOrganization;
    beforeEach(async () => {
        org = await seedDemoOrganization(moto().endpoint);
    });

    it("detects every seeded rule, in the management account and members, across three Regions", async () => {
        const clients = clientsFor(moto().endpoint, "audit");
        const { report } = await runAudit(clients, AUDIT_OPTIONS);
        const found: Record<string, string[]> = {};
        for (const f of report.findings) (found[f.bucket] ??= []).push(f.ruleId);
        assert.deepEqual(found, org.expected);
        assert.deepEqual(report.unevaluated, []);
        assert.deepEqual(report.errors, []);
        assert.equal(report.summary.accounts, 3, "the suspended account is skipped");
        assert.ok(!report.buckets.some((b) => b.bucket === "retired-bucket"));
        assert.deepEqual(new Set(report.buckets.map((b) => b.accountId)), new Set([MANAGEMENT_ACCOUNT, org.prod, org.dev]));
        assert.deepEqual(new Set(report.buckets.map((b) => b.region)), new Set(["us-east-1", "eu-west-1", "ap-southeast-2"]));
        const byName = new Map(report.buckets.map((b) => [b.bucket, b]));
        assert.equal(byName.get("dev-scratch")!.status, "exempt");
        assert.equal(byName.get("mgmt-central-logs")!.status, "exempt", "a target needs no logging of its own");
        assert.equal(byName.get("mgmt-compliant")!.status, "compliant");
        assert.deepEqual(byName.get("prod-wrong-region")!.target, { bucket: "prod-moved-logs", prefix: "logs/" });
        assert.equal(exitCode(report), 1);
    });

    it("is read-only and reads each target's configuration once", async () => {
        const clients = clientsFor(moto().endpoint, "audit");
        const { report } = await runAudit(clients, AUDIT_OPTIONS);
        assert.equal(clients.counter.total((op) => WRITE_OPERATIONS.has(op)), 0);
        const targets = new Set(report.buckets.flatMap((b) => (b.target ? [b.target.bucket] : [])));
        // Every target is read once; a target that no longer exists has nothing to read.
        assert.equal(clients.counter.counts.get("GetBucketPolicy"), targets.size - 1);
        assert.equal(clients.counter.counts.get("GetBucketLogging"), report.summary.buckets);
    });

    it("scopes by OU, by account list and to the caller's account; filters Regions", async () => {
        const byOu = await runAudit(clientsFor(moto().endpoint, "audit"), { ...AUDIT_OPTIONS, scope: { excludeAccounts: [MANAGEMENT_ACCOUNT] } });
        assert.deepEqual(new Set(byOu.report.buckets.map((b) => b.accountId)), new Set([org.prod, org.dev]));
        const one = await runAudit(clientsFor(moto().endpoint, "audit"), { ...AUDIT_OPTIONS, scope: { includeAccounts: [org.dev] } });
        assert.deepEqual(new Set(one.report.buckets.map((b) => b.accountId)), new Set([org.dev]));
        const caller = await runAudit(clientsFor(moto().endpoint, "audit"), { ...AUDIT_OPTIONS, organization: false });
        assert.deepEqual(caller.report.buckets.map((b) => b.bucket).sort(), ["mgmt-central-logs", "mgmt-compliant", "mgmt-no-logging"]);
        const eu = await runAudit(clientsFor(moto().endpoint, "audit"), { ...AUDIT_OPTIONS, regions: ["eu-west-1"] });
        assert.deepEqual(new Set(eu.report.buckets.map((b) => b.region)), new Set(["eu-west-1"]));
    });

    it("judges a log bucket behind the AWS data-perimeter Denies by what S3 sends: a service principal, and the source's organization", async () => {
        const endpoint = moto().endpoint;
        const orgId = (await clientsFor(endpoint, "audit").organizations().send(new DescribeOrganizationCommand({}))).Organization!.Id!;
        const s3 = await s3As(endpoint, MANAGEMENT_ACCOUNT);
        const arns = ["arn:aws:s3:::perimeter-logs", "arn:aws:s3:::perimeter-logs/*"];
        // aws-samples/data-perimeter-policy-examples: the identity perimeter and the confused-deputy protection.
        const policy = {
            Version: "2012-10-17",
            Statement: [
                deliveryStatement({ bucket: "perimeter-logs", region: "us-east-1", prefix: "logs/", sourceAccountId: MANAGEMENT_ACCOUNT }),
                { Sid: "EnforceIdentityPerimeter", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: arns,
                    Condition: { StringNotEqualsIfExists: { "aws:PrincipalOrgID": orgId }, BoolIfExists: { "aws:PrincipalIsAWSService": "false" } } },
                { Sid: "EnforceConfusedDeputyProtection", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: arns,
                    Condition: { StringNotEqualsIfExists: { "aws:SourceOrgID": orgId }, Null: { "aws:SourceAccount": "false" }, Bool: { "aws:PrincipalIsAWSService": "true" } } },
            ],
        };
        await s3.send(new CreateBucketCommand({ Bucket: "perimeter-logs" }));
        await s3.send(new PutBucketPolicyCommand({ Bucket: "perimeter-logs", Policy: JSON.stringify(policy) }));
        await s3.send(new CreateBucketCommand({ Bucket: "perimeter-app" }));
        await s3.send(new PutBucketLoggingCommand({ Bucket: "perimeter-app", BucketLoggingStatus: { LoggingEnabled: { TargetBucket: "perimeter-logs", TargetPrefix: "logs/" } } }));

        const { report } = await runAudit(clientsFor(endpoint, "audit"), AUDIT_OPTIONS);
        assert.deepEqual(report.findings.filter((f) => f.bucket === "perimeter-app"), []);
        assert.deepEqual(report.unevaluated.filter((u) => u.bucket === "perimeter-app"), []);
        assert.equal(report.buckets.find((b) => b.bucket === "perimeter-app")!.status, "compliant");
    });

    it("refuses an operation its mode does not declare", async () => {
        const clients = clientsFor(moto().endpoint, "audit");
        clients.setCallerAccount(MANAGEMENT_ACCOUNT);
        const s3 = clients.s3(MANAGEMENT_ACCOUNT, "us-east-1");
        const { PutBucketLoggingCommand } = await import("@aws-sdk/client-s3");
        await assert.rejects(s3.send(new PutBucketLoggingCommand({ Bucket: "mgmt-compliant", BucketLoggingStatus: {} })), /PutBucketLogging is not declared for mode audit/);
    });
});
