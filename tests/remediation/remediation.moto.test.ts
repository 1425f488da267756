import { strict as assert } from "assert";
import { GetBucketLoggingCommand, GetBucketPolicyCommand } from "@aws-sdk/client-s3";
import { runAudit } from "../../audit/audit";
import { WRITE_OPERATIONS } from "../../aws/operations";
import { DemoOrganization, FOREIGN_STATEMENT, MANAGEMENT_ACCOUNT, seedDemoOrganization } from "../../demo/seedOrganization";
import { AUDIT_OPTIONS, clientsFor, snapshot, useMoto } from "../audit/support";
import { NOT_RESTORABLE, planOnly, remediate, s3As, undo } from "./support";

describe("remediation against moto (the demo organization)", function () {
    this.timeout(60_000);
    const { moto } = useMoto();
    let org: DemoOrganization;
    beforeEach(async () => {
        org = await seedDemoOrganization(moto().endpoint);
    });

    it("remediates every fixable rule, keeps foreign policy statements byte-for-byte, is idempotent, and rolls back exactly", async () => {
        const endpoint = moto().endpoint;
        const accounts = [MANAGEMENT_ACCOUNT, org.prod, org.dev];
        const before = await snapshot(endpoint, accounts);

        const { plan, result, journal } = await remediate(endpoint);
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
        const s3 = await s3As(endpoint, org.prod);
        const policy = (await s3.send(new GetBucketPolicyCommand({ Bucket: "prod-locked-logs" }))).Policy!;
        assert.ok(policy.includes(FOREIGN_STATEMENT), policy);
        assert.ok(policy.indexOf("S3ServerAccessLogsLogs") < policy.indexOf(FOREIGN_STATEMENT));
        const logging = (await s3.send(new GetBucketLoggingCommand({ Bucket: "prod-self-logging" }))).LoggingEnabled;
        assert.deepEqual([logging?.TargetBucket, logging?.TargetPrefix], [`s3-access-logs-${org.prod}-us-east-1`, "access-logs/"]);

        const second = await remediate(endpoint);
        assert.deepEqual(second.plan.actions, [], "every log bucket is complete");
        assert.equal(second.clients.counter.total((op) => WRITE_OPERATIONS.has(op)), 0, "a second --apply changes nothing");

        const undone = await undo(endpoint, { runId: journal.runId, startedAt: "", entries: journal.entries }, { deleteLogBuckets: true });
        assert.deepEqual(undone.errors, []);
        assert.deepEqual(undone.changedSince, []);
        assert.deepEqual(undone.notRestorable.map((n) => n.bucket).sort(), NOT_RESTORABLE);
        const restored = await snapshot(endpoint, accounts);
        for (const key of Object.keys(before)) {
            if (NOT_RESTORABLE.some((b) => key.endsWith(`/${b}`))) assert.notDeepEqual(restored[key], before[key]);
            else assert.deepEqual(restored[key], before[key], key);
        }
        // The log buckets the three not-restorable sources still log to are kept; the others are gone.
        const kept = Object.keys(restored).filter((k) => !(k in before)).map((k) => k.split("/")[1]).sort();
        assert.deepEqual(kept, undone.kept.map((k) => k.bucket).sort());
        assert.deepEqual(undone.kept.flatMap((k) => k.targetedBy).sort(), NOT_RESTORABLE);
        assert.ok(undone.deleted.length > 0);

        // An interrupted (or repeated) rollback finishes when run again: nothing more to do, nothing to report.
        const again = await undo(endpoint, { runId: journal.runId, startedAt: "", entries: journal.entries }, { deleteLogBuckets: true });
        assert.deepEqual([again.errors, again.changedSince, again.deleted], [[], [], []]);
        assert.deepEqual(await snapshot(endpoint, accounts), restored);
    });

    it("dry run plans without writing anything", async () => {
        const { clients, plan } = await planOnly(moto().endpoint);
        assert.ok(plan.actions.length > 10);
        assert.equal(clients.counter.total((op) => WRITE_OPERATIONS.has(op)), 0);
    });
});
