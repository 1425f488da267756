import { strict as assert } from "assert";
import { GetBucketPolicyCommand, GetBucketLoggingCommand } from "@aws-sdk/client-s3";
import { logBucketSpec } from "../../engine";
import { runAudit } from "../../audit/audit";
import { WRITE_OPERATIONS } from "../../aws/operations";
import { exitCode } from "../../audit/report";
import { applyPlan } from "../../remediation/apply";
import { JournalWriter } from "../../remediation/journal";
import { planRemediation } from "../../remediation/plan";
import { rollback } from "../../remediation/rollback";
import { DemoOrganization, FOREIGN_STATEMENT, MANAGEMENT_ACCOUNT, seedDemoOrganization } from "../../demo/seedOrganization";
import { AUDIT_OPTIONS, clientsFor, snapshot, useMoto } from "./support";

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

    it("remediates every fixable rule, keeps foreign policy statements byte-for-byte, is idempotent, and rolls back exactly", async () => {
        const endpoint = moto().endpoint;
        const accounts = [MANAGEMENT_ACCOUNT, org.prod, org.dev];
        const before = await snapshot(endpoint, accounts);

        const first = clientsFor(endpoint, "remediate");
        const auditRun = await runAudit(first, AUDIT_OPTIONS);
        const plan = planRemediation(auditRun, { naming: AUDIT_OPTIONS.naming });
        const journal = new JournalWriter();
        const result = await applyPlan(first, plan, logBucketSpec(), journal);
        assert.deepEqual(result.errors, []);
        assert.equal(result.applied.length, plan.actions.length);

        const after = await runAudit(clientsFor(endpoint, "audit"), AUDIT_OPTIONS);
        const remaining = after.report.findings.map((f) => `${f.bucket}:${f.ruleId}`).sort();
        assert.deepEqual(remaining, [
            "aws-controltower-logs-dev:logging-disabled",
            "prod-chain-logs:target-logs-enabled",
            "prod-grants-src:target-grants-unsupported",
            "prod-kms-target:target-kms-encrypted",
            "prod-object-lock-src:target-object-lock-retention",
        ]);
        assert.deepEqual(plan.unfixable.map((u) => `${u.bucket}:${u.ruleId}`).sort(), remaining);

        // The foreign statement survives the merge exactly, after our delivery statement.
        const s3 = first.s3(org.prod, "us-east-1");
        const policy = (await s3.send(new GetBucketPolicyCommand({ Bucket: "prod-locked-logs" }))).Policy!;
        assert.ok(policy.includes(FOREIGN_STATEMENT), policy);
        assert.ok(policy.indexOf("S3ServerAccessLogsLogs") < policy.indexOf(FOREIGN_STATEMENT));
        // A retargeted bucket logs to its regional log bucket with the shared prefix.
        const logging = (await s3.send(new GetBucketLoggingCommand({ Bucket: "prod-self-logging" }))).LoggingEnabled;
        assert.deepEqual([logging?.TargetBucket, logging?.TargetPrefix], [`s3-access-logs-${org.prod}-us-east-1`, "access-logs/"]);

        const second = clientsFor(endpoint, "remediate");
        const again = planRemediation(await runAudit(second, AUDIT_OPTIONS), { naming: AUDIT_OPTIONS.naming });
        assert.deepEqual(again.actions, []);
        await applyPlan(second, again, logBucketSpec(), new JournalWriter());
        assert.equal(second.counter.total((op) => WRITE_OPERATIONS.has(op)), 0, "a second --apply changes nothing");

        const undo = clientsFor(endpoint, "rollback");
        undo.setCallerAccount(MANAGEMENT_ACCOUNT);
        const undone = await rollback(undo, { schemaVersion: 1, startedAt: "", changes: [...journal.changes] });
        assert.deepEqual(undone.errors, []);
        // S3 refuses to point logging at a missing, other-Region or other-account target again:
        // exactly those three stay as remediated, and say so; everything else is as before.
        const refused = ["dev-other-account", "prod-missing-target", "prod-wrong-region"];
        assert.deepEqual(undone.notRestorable.map((n) => n.bucket).sort(), refused);
        const restored = await snapshot(endpoint, accounts);
        for (const key of Object.keys(before)) {
            if (refused.some((b) => key.endsWith(`/${b}`))) assert.notDeepEqual(restored[key], before[key]);
            else assert.deepEqual(restored[key], before[key], key);
        }
        assert.deepEqual(Object.keys(restored).sort(), Object.keys(before).sort(), "created log buckets are gone");
    });

    it("dry run plans without writing anything", async () => {
        const clients = clientsFor(moto().endpoint, "remediate");
        const plan = planRemediation(await runAudit(clients, AUDIT_OPTIONS), { naming: AUDIT_OPTIONS.naming });
        assert.ok(plan.actions.length > 10);
        assert.equal(clients.counter.total((op) => WRITE_OPERATIONS.has(op)), 0);
    });

    it("refuses an operation its mode does not declare", async () => {
        const clients = clientsFor(moto().endpoint, "audit");
        clients.setCallerAccount(MANAGEMENT_ACCOUNT);
        const s3 = clients.s3(MANAGEMENT_ACCOUNT, "us-east-1");
        const { PutBucketLoggingCommand } = await import("@aws-sdk/client-s3");
        await assert.rejects(s3.send(new PutBucketLoggingCommand({ Bucket: "mgmt-compliant", BucketLoggingStatus: {} })), /PutBucketLogging is not declared for mode audit/);
    });
});

describe("remediation plan (pure)", () => {
    it("gives each unfixable rule of a bucket its own reason", async () => {
        const { bucketFacts, evaluate, DEFAULT_NAMING } = await import("../../engine");
        const facts = [
            bucketFacts({ name: "src", accountId: "111111111111", region: "us-east-1", logging: { targetBucket: "bad-logs", targetPrefix: "p/" } }),
            bucketFacts({
                name: "bad-logs", accountId: "111111111111", region: "us-east-1", requesterPays: true, encryption: { algorithm: "aws:kms" },
                policy: { Statement: [{ Effect: "Allow", Principal: { Service: "logging.s3.amazonaws.com" }, Action: "s3:PutObject", Resource: "arn:aws:s3:::bad-logs/p/*" }] },
            }),
        ];
        const evaluation = evaluate(facts);
        const run = { evaluation, gathered: { facts, state: new Map(), errors: [], accountsAudited: [] }, report: {} as never, callerAccountId: "111111111111" };
        const plan = planRemediation(run, { naming: DEFAULT_NAMING });
        assert.deepEqual(plan.actions, []);
        assert.deepEqual(plan.unfixable.map((u) => [u.ruleId, u.reason.split(";")[0]]), [
            ["target-kms-encrypted", "bad-logs uses KMS default encryption"],
            ["target-requester-pays", "bad-logs has Requester Pays"],
        ]);
    });
});
