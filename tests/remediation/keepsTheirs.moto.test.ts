import { strict as assert } from "assert";
import {
    CreateBucketCommand, GetBucketLifecycleConfigurationCommand, GetBucketPolicyCommand, PutBucketLifecycleConfigurationCommand,
    PutBucketLoggingCommand, PutBucketPolicyCommand, S3Client,
} from "@aws-sdk/client-s3";
import { JournalWriter } from "../../remediation/journal";
import { useMoto } from "../audit/support";
import { CALLER_ONLY, LOG_BUCKET, planOnly, remediate, seedSmall, undo } from "./support";

const statementsOf = async (s3: S3Client, Bucket: string) =>
    JSON.parse((await s3.send(new GetBucketPolicyCommand({ Bucket }))).Policy!).Statement as { Sid?: string; Resource?: string }[];

describe("remediation and rollback keep what others wrote (moto)", function () {
    this.timeout(60_000);
    const { moto } = useMoto();
    let s3: S3Client;
    beforeEach(async () => {
        s3 = await seedSmall(moto().endpoint);
    });

    it("two prefixes whose delivery Sids collide (web/ and Web/) both get a grant, and a second apply changes nothing", async () => {
        // app-web logs to shared-logs under web/ (seedSmall); app-web2 under Web/: S3 prefixes are case-sensitive, Sids are not made from the case.
        await s3.send(new CreateBucketCommand({ Bucket: "app-web2" }));
        const policy = (await s3.send(new GetBucketPolicyCommand({ Bucket: "shared-logs" }))).Policy!;
        const web2 = `{"Sid":"Web2","Effect":"Allow","Principal":{"Service":"logging.s3.amazonaws.com"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::shared-logs/Web/*"}`;
        await s3.send(new PutBucketPolicyCommand({ Bucket: "shared-logs", Policy: `{"Version":"2012-10-17","Statement":[${web2}]}` }));
        await s3.send(new PutBucketLoggingCommand({ Bucket: "app-web2", BucketLoggingStatus: { LoggingEnabled: { TargetBucket: "shared-logs", TargetPrefix: "Web/" } } }));
        await s3.send(new PutBucketPolicyCommand({ Bucket: "shared-logs", Policy: policy }));

        const { result } = await remediate(moto().endpoint, new JournalWriter(), CALLER_ONLY);
        assert.deepEqual(result.errors, []);
        const resources = (await statementsOf(s3, "shared-logs")).map((s) => s.Resource).filter((r) => typeof r === "string" && /\/(web|Web)\/\*$/.test(r)).sort();
        assert.deepEqual(resources, ["arn:aws:s3:::shared-logs/Web/*", "arn:aws:s3:::shared-logs/web/*"], "each prefix keeps its grant");
        assert.deepEqual((await planOnly(moto().endpoint, CALLER_ONLY)).plan.actions, [], "a second apply has nothing to do");
    });

    it("a statement of theirs that happens to use our Sid (DenyInsecureTransport) is kept byte-for-byte, not replaced", async () => {
        // A log bucket named by the convention, made by someone else, with their own TLS statement (it also pins TLS 1.2).
        await s3.send(new CreateBucketCommand({ Bucket: LOG_BUCKET }));
        const arn = `arn:aws:s3:::${LOG_BUCKET}`;
        const theirs = `{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["${arn}","${arn}/*"],` +
            `"Condition":{"NumericLessThan":{"s3:TlsVersion":"1.2"}}}`;
        await s3.send(new PutBucketPolicyCommand({ Bucket: LOG_BUCKET, Policy: `{"Version":"2012-10-17","Statement":[${theirs}]}` }));

        const { result, journal } = await remediate(moto().endpoint, new JournalWriter(), CALLER_ONLY);
        assert.deepEqual(result.errors, []);
        const text = (await s3.send(new GetBucketPolicyCommand({ Bucket: LOG_BUCKET }))).Policy!;
        assert.ok(text.includes(theirs), `their statement is kept: ${text}`);
        assert.deepEqual((await planOnly(moto().endpoint, CALLER_ONLY)).plan.actions, [], "a second apply has nothing to do");
        const undone = await undo(moto().endpoint, { runId: journal.runId, startedAt: "", entries: journal.entries });
        assert.deepEqual(undone.errors, []);
    });

    it("rollback leaves alone a lifecycle rule someone edited after the apply (a transition added), and says so", async () => {
        // A log bucket named by the convention, made by someone else without a lifecycle: the apply adds ours.
        await s3.send(new CreateBucketCommand({ Bucket: LOG_BUCKET }));
        const { journal } = await remediate(moto().endpoint, new JournalWriter(), CALLER_ONLY);
        assert.ok(journal.changes.some((c) => c.kind === "lifecycle" && c.bucket === LOG_BUCKET));
        // Later, its owner moves the logs to Glacier after 30 days, keeping our rule's ID and expiry.
        const rules = (await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: LOG_BUCKET }))).Rules!;
        const edited = rules.map((r) => ({ ...r, Transitions: [{ Days: 30, StorageClass: "GLACIER" as const }] }));
        await s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket: LOG_BUCKET, LifecycleConfiguration: { Rules: edited } }));

        const undone = await undo(moto().endpoint, { runId: journal.runId, startedAt: "", entries: journal.entries });
        assert.deepEqual(undone.errors, []);
        assert.deepEqual(undone.changedSince.filter((c) => c.bucket === LOG_BUCKET).map((c) => c.setting), ["lifecycle"]);
        const now = (await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: LOG_BUCKET }))).Rules!;
        assert.deepEqual(now[0].Transitions?.map((t) => t.Days), [30], "their edit is kept");
    });
});
