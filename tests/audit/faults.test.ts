import { strict as assert } from "assert";
import {
    GetBucketEncryptionCommand, GetBucketLocationCommand, GetBucketLoggingCommand, GetBucketOwnershipControlsCommand, GetBucketPolicyCommand,
    GetBucketRequestPaymentCommand, GetBucketTaggingCommand, GetObjectLockConfigurationCommand, ListBucketsCommand, S3Client,
} from "@aws-sdk/client-s3";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { logBucketPolicy } from "../../engine";
import { runAudit } from "../../audit/audit";
import { listBuckets, LISTING_CONCURRENCY } from "../../aws/inventory";
import { exitCode } from "../../audit/report";
import { DemoOrganization, seedDemoOrganization } from "../../demo/seedOrganization";
import { ACCESS_DENIED_STS, FaultProxy, SLOW_DOWN, startFaultProxy } from "../../emulator/faultProxy";
import { AUDIT_OPTIONS, clientsFor, useMoto } from "./support";

describe("audit under faults moto cannot produce (fault-injecting proxy)", function () {
    this.timeout(60_000);
    const { moto } = useMoto();
    let org: DemoOrganization;
    let proxy: FaultProxy | undefined;
    beforeEach(async () => {
        org = await seedDemoOrganization(moto().endpoint);
    });
    afterEach(async () => proxy?.close());

    it("a refused AssumeRole becomes an error entry; the other accounts are audited; exit code 2", async () => {
        proxy = await startFaultProxy(moto().endpoint, {
            assumeDev: (r) => (r.body.includes("Action=AssumeRole") && r.body.includes(org.dev) ? ACCESS_DENIED_STS : undefined),
        });
        const { report } = await runAudit(clientsFor(proxy.endpoint, "audit"), AUDIT_OPTIONS);
        assert.deepEqual(report.errors.map((e) => [e.accountId, e.operation, e.message.split(":")[0]]), [[org.dev, "AssumeRole", "AccessDenied"]]);
        assert.equal(report.summary.accounts, 2);
        assert.ok(!report.buckets.some((b) => b.accountId === org.dev));
        assert.ok(report.findings.some((f) => f.bucket === "prod-self-logging"), "prod is still audited");
        assert.equal(exitCode(report), 2);
    });

    it("503 SlowDown is retried by the SDK's adaptive retry until it passes", async () => {
        let left = 6;
        proxy = await startFaultProxy(moto().endpoint, {
            throttle: (r) => (r.url.includes("?logging") && left-- > 0 ? SLOW_DOWN : undefined),
        });
        const { report } = await runAudit(clientsFor(proxy.endpoint, "audit"), AUDIT_OPTIONS);
        assert.equal(proxy.injected.get("throttle"), 6);
        assert.deepEqual(report.errors, []);
        assert.deepEqual(new Set(report.findings.map((f) => f.bucket)), new Set(Object.keys(org.expected)));
    });

    it("throttling that never recovers marks that bucket only; the run goes on", async () => {
        proxy = await startFaultProxy(moto().endpoint, {
            throttle: (r) => (r.url.startsWith("/mgmt-no-logging/?logging") ? SLOW_DOWN : undefined),
        });
        const { report } = await runAudit(clientsFor(proxy.endpoint, "audit", { maxAttempts: 3 }), AUDIT_OPTIONS);
        assert.equal(proxy.injected.get("throttle"), 3, `three attempts, then give up; saw ${proxy.injected.get("throttle")}`);
        assert.deepEqual(report.errors.map((e) => [e.bucket, e.operation, e.message.split(":")[0]]), [["mgmt-no-logging", "GetBucketLogging", "SlowDown"]]);
        assert.equal(report.buckets.find((b) => b.bucket === "mgmt-no-logging")!.status, "error");
        assert.deepEqual(report.unevaluated.map((u) => [u.bucket, u.ruleId]), [["mgmt-no-logging", "logging-disabled"]]);
        assert.ok(report.findings.some((f) => f.bucket === "prod-self-logging"));
        assert.equal(exitCode(report), 2);
    });
});

describe("audit facts moto does not serve (aws-sdk-client-mock)", () => {
    // Stubs replace every client of the class in this process: only while this suite runs.
    let s3: ReturnType<typeof mockClient>;
    let sts: ReturnType<typeof mockClient>;
    before(() => {
        s3 = mockClient(S3Client);
        sts = mockClient(STSClient);
    });
    after(() => {
        s3.restore();
        sts.restore();
    });

    /** The most calls in flight at once through `slow` answers, since the test began. */
    let inFlight = 0;
    let most = 0;
    beforeEach(() => {
        inFlight = most = 0;
    });
    const slow = <T>(answer: T, ms: number) => async () => {
        most = Math.max(most, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, ms));
        inFlight--;
        return answer;
    };

    it("a page of buckets without their Regions: GetBucketLocation at most LISTING_CONCURRENCY at once (no runner given)", async () => {
        s3.on(ListBucketsCommand).resolves({ Buckets: Array.from({ length: 100 }, (_, i) => ({ Name: `b${i}` })) });
        s3.on(GetBucketLocationCommand).callsFake(slow({ LocationConstraint: "eu-west-1" }, 2));
        const buckets = await listBuckets(clientsFor("http://127.0.0.1:9", "audit"), "111111111111", "us-east-1");
        assert.deepEqual([buckets.length, new Set(buckets.map((b) => b.region))], [100, new Set(["eu-west-1"])]);
        assert.equal(most, LISTING_CONCURRENCY);
    });

    /** One account whose bucket `app` logs to its bucket `logs`; no bucket has tags. */
    function oneSourceLoggingToLogs(): string {
        const account = "111111111111";
        sts.on(GetCallerIdentityCommand).resolves({ Account: account });
        s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: "app", BucketRegion: "us-east-1" }, { Name: "logs", BucketRegion: "us-east-1" }] });
        s3.on(GetBucketLoggingCommand, { Bucket: "app" }).resolves({ LoggingEnabled: { TargetBucket: "logs", TargetPrefix: "access-logs/" } });
        s3.on(GetBucketLoggingCommand, { Bucket: "logs" }).resolves({});
        s3.on(GetBucketTaggingCommand).rejects(Object.assign(new Error("none"), { name: "NoSuchTagSet" }));
        return account;
    }

    it("Requester Pays on a target is reported", async () => {
        const account = oneSourceLoggingToLogs();
        s3.on(GetBucketPolicyCommand).resolves({ Policy: JSON.stringify(logBucketPolicy({ bucket: "logs", region: "us-east-1", prefix: "access-logs/", sourceAccountId: account })) });
        s3.on(GetBucketRequestPaymentCommand).resolves({ Payer: "Requester" });
        const { report } = await runAudit(clientsFor("http://127.0.0.1:9", "audit"), { ...AUDIT_OPTIONS, organization: false });
        assert.deepEqual(report.findings.map((f) => [f.bucket, f.ruleId]), [["app", "target-requester-pays"]]);
        assert.equal(s3.commandCalls(GetBucketRequestPaymentCommand).length, 1, "the target is read once");
    });

    it("a bucket the user exempted by tag is exempt even when a check of it could not run", async () => {
        oneSourceLoggingToLogs();
        s3.on(GetBucketTaggingCommand, { Bucket: "app" }).resolves({ TagSet: [{ Key: "s3-access-logging:exempt", Value: "true" }] });
        s3.on(GetBucketPolicyCommand).rejects(Object.assign(new Error("Access Denied"), { name: "AccessDenied" }));
        s3.on(GetBucketOwnershipControlsCommand).resolves({});
        s3.on(GetBucketEncryptionCommand).resolves({});
        s3.on(GetObjectLockConfigurationCommand).resolves({});
        s3.on(GetBucketRequestPaymentCommand).resolves({ Payer: "BucketOwner" });
        const { report } = await runAudit(clientsFor("http://127.0.0.1:9", "audit"), { ...AUDIT_OPTIONS, organization: false });
        assert.equal(report.buckets.find((b) => b.bucket === "app")!.status, "exempt");
        assert.deepEqual(report.unevaluated, []);
    });

    it("--concurrency bounds the calls in flight while a logging target is read", async () => {
        const account = oneSourceLoggingToLogs();
        s3.on(GetBucketPolicyCommand).callsFake(slow({ Policy: JSON.stringify(logBucketPolicy({ bucket: "logs", region: "us-east-1", prefix: "access-logs/", sourceAccountId: account })) }, 5));
        s3.on(GetBucketOwnershipControlsCommand).callsFake(slow({}, 5));
        s3.on(GetBucketEncryptionCommand).callsFake(slow({}, 5));
        s3.on(GetObjectLockConfigurationCommand).callsFake(slow({}, 5));
        s3.on(GetBucketRequestPaymentCommand).callsFake(slow({ Payer: "BucketOwner" }, 5));
        const { report } = await runAudit(clientsFor("http://127.0.0.1:9", "audit"), { ...AUDIT_OPTIONS, organization: false, concurrency: 1 });
        assert.deepEqual(report.errors, []);
        assert.equal(most, 1, `--concurrency 1, yet ${most} calls were in flight at once`);
    });
});
