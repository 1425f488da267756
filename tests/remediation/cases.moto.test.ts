import { strict as assert } from "assert";
import {
    CreateBucketCommand, DeleteBucketPolicyCommand, GetBucketLifecycleConfigurationCommand, GetBucketLoggingCommand, GetBucketPolicyCommand, GetBucketTaggingCommand,
    GetPublicAccessBlockCommand, HeadBucketCommand, ListObjectVersionsCommand, PutBucketLifecycleConfigurationCommand, PutBucketLoggingCommand,
    PutBucketPolicyCommand, PutBucketTaggingCommand, PutBucketVersioningCommand, PutObjectCommand, S3Client,
} from "@aws-sdk/client-s3";
import { deliveryStatement, logBucketSpec } from "../../engine";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { applyPlan, CLAIM_KEY } from "../../remediation/apply";
import { JournalWriter, readJournal } from "../../remediation/journal";
import { MANAGEMENT_ACCOUNT } from "../../demo/seedOrganization";
import { run } from "../../cli/main";
import { ACCESS_DENIED_S3, startFaultProxy } from "../../emulator/faultProxy";
import { capture, useMoto } from "../audit/support";
import { AUDITOR_READ, CALLER_ONLY, LOG_BUCKET, planOnly, remediate, seedSmall, undo } from "./support";

const exists = (s3: S3Client, Bucket: string) => s3.send(new HeadBucketCommand({ Bucket })).then(() => true, () => false);
const policyOf = async (s3: S3Client, Bucket: string) => (await s3.send(new GetBucketPolicyCommand({ Bucket }))).Policy!;

describe("remediation and rollback against a hostile operator (moto)", function () {
    this.timeout(60_000);
    const { moto } = useMoto();
    let s3: S3Client;
    beforeEach(async () => {
        s3 = await seedSmall(moto().endpoint);
    });

    it("case 2: a log bucket left half-built is planned for completion and completed by the next run", async () => {
        // What a crash right after CreateBucket leaves: the bucket and nothing else.
        await s3.send(new CreateBucketCommand({ Bucket: LOG_BUCKET }));
        const { plan } = await planOnly(moto().endpoint, CALLER_ONLY);
        const harden = plan.actions.find((a) => a.kind === "harden-log-bucket");
        assert.deepEqual(harden && { bucket: harden.bucket, missing: harden.missing }, {
            bucket: LOG_BUCKET, missing: ["ownership", "publicAccessBlock", "encryption", "lifecycle", "tagging", "policy"],
        });
        const dry = capture(moto().endpoint);
        assert.equal(await run(["remediate", "--no-org"], dry.io), 1);
        assert.match(dry.out.join(""), new RegExp(`complete the hardening of log bucket ${LOG_BUCKET}: ownership, publicAccessBlock, encryption, lifecycle, tagging, policy`));
        const { result } = await remediate(moto().endpoint, new JournalWriter(), CALLER_ONLY);
        assert.deepEqual(result.errors, []);
        const pab = (await s3.send(new GetPublicAccessBlockCommand({ Bucket: LOG_BUCKET }))).PublicAccessBlockConfiguration!;
        assert.deepEqual([pab.BlockPublicAcls, pab.BlockPublicPolicy, pab.IgnorePublicAcls, pab.RestrictPublicBuckets], [true, true, true, true]);
        const rules = (await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: LOG_BUCKET }))).Rules!;
        assert.equal(rules[0].Expiration?.Days, 365);
        const tags = (await s3.send(new GetBucketTaggingCommand({ Bucket: LOG_BUCKET }))).TagSet!;
        assert.ok(tags.some((t) => t.Key === "s3-access-logging:role" && t.Value === "log-bucket"));
        const policy = JSON.parse(await policyOf(s3, LOG_BUCKET));
        assert.deepEqual(policy.Statement.map((s: { Sid: string }) => s.Sid), ["S3ServerAccessLogsAccessLogs", "DenyInsecureTransport"]);
        assert.deepEqual((await planOnly(moto().endpoint, CALLER_ONLY)).plan.actions, [], "nothing left to change");
    });

    it("case 2, a log bucket whose settings cannot be read: reported, left out of the plan, exit 2; the rest is planned", async () => {
        await s3.send(new CreateBucketCommand({ Bucket: LOG_BUCKET }));
        const proxy = await startFaultProxy(moto().endpoint, {
            denied: (r) => (r.url.startsWith(`/${LOG_BUCKET}?publicAccessBlock`) || r.url.startsWith(`/${LOG_BUCKET}/?publicAccessBlock`) ? ACCESS_DENIED_S3 : undefined),
        });
        try {
            const { plan, errors } = await planOnly(proxy.endpoint, CALLER_ONLY);
            assert.ok(proxy.injected.get("denied")! > 0, "the read was denied");
            assert.deepEqual(errors.map((e) => [e.bucket, e.operation, e.message.split(":")[0]]), [[LOG_BUCKET, "read log bucket settings", "AccessDenied"]]);
            assert.ok(!plan.actions.some((a) => a.kind === "harden-log-bucket"));
            assert.ok(plan.actions.some((a) => a.kind === "set-logging"), "the other fixes are still planned");
            const dry = capture(proxy.endpoint);
            assert.equal(await run(["remediate", "--no-org"], dry.io), 2);
            assert.deepEqual(dry.err.join("").split("\n").filter((l) => l.startsWith("error:")), [`error: ${LOG_BUCKET} read log bucket settings: AccessDenied: Access Denied`]);
        } finally {
            await proxy.close();
        }
    });

    /** The journal a kill leaves right after the log bucket's creation was begun: its intent, no outcome. */
    function cutAtCreateBucket(): { file: string; cut: JournalWriter } {
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "s3-logging-cut-")), "journal.jsonl");
        const cut = new JournalWriter(file);
        cut.begin({ kind: "create-bucket", accountId: MANAGEMENT_ACCOUNT, region: "us-east-1", bucket: LOG_BUCKET, claimKey: CLAIM_KEY });
        cut.close();
        return { file, cut };
    }

    it("case 2, cut between CreateBucket and the claim: a re-run continuing the journal claims it; rollback deletes it", async () => {
        const { file } = cutAtCreateBucket();
        await s3.send(new CreateBucketCommand({ Bucket: LOG_BUCKET }));
        // Rolled back as it is: empty, unclaimed, begun by this journal: deleted.
        const asCut = await undo(moto().endpoint, readJournal(file));
        assert.deepEqual(asCut.deleted, [{ bucket: LOG_BUCKET, objects: 0 }]);

        await s3.send(new CreateBucketCommand({ Bucket: LOG_BUCKET }));
        const { result, journal } = await remediate(moto().endpoint, new JournalWriter(file), CALLER_ONLY);
        assert.deepEqual(result.errors, []);
        assert.equal(journal.entries.filter((e) => e.change.kind === "create-bucket").length, 1, "the creation is finished, not begun again");
        assert.equal(readJournal(file).entries[0].outcome, "done");
        const undone = await undo(moto().endpoint, readJournal(file), { deleteLogBuckets: true });
        assert.deepEqual(undone.errors, []);
        assert.deepEqual(undone.deleted.map((d) => d.bucket), [LOG_BUCKET]);
    });

    it("case 2, cut between the claim and its outcome: a re-run continuing the journal finds its own claim (done, not abandoned); rollback deletes the bucket", async () => {
        const { file, cut } = cutAtCreateBucket();
        // What a kill right after the claim was written leaves: the bucket and this run's claim, no outcome.
        await s3.send(new CreateBucketCommand({ Bucket: LOG_BUCKET }));
        await s3.send(new PutObjectCommand({ Bucket: LOG_BUCKET, Key: CLAIM_KEY, Body: cut.runId }));

        const { result } = await remediate(moto().endpoint, new JournalWriter(file), CALLER_ONLY);
        assert.deepEqual(result.errors, []);
        assert.deepEqual([readJournal(file).entries[0].outcome, readJournal(file).entries[0].note], ["done", undefined], "its own claim is not another run's");
        const undone = await undo(moto().endpoint, readJournal(file), { deleteLogBuckets: true });
        assert.deepEqual(undone.errors, []);
        assert.deepEqual(undone.kept, []);
        assert.deepEqual(undone.deleted.map((d) => d.bucket), [LOG_BUCKET]);
        assert.equal(await exists(s3, LOG_BUCKET), false, "the bucket (and its claim) is not left behind");
    });

    it("case 2, cut before CreateBucket, the bucket then made by someone else who put objects in it: the re-run does not claim it; rollback keeps it", async () => {
        const { file } = cutAtCreateBucket();
        // Between the crash and the re-run, someone else makes the bucket and uses it.
        await s3.send(new CreateBucketCommand({ Bucket: LOG_BUCKET }));
        await s3.send(new PutObjectCommand({ Bucket: LOG_BUCKET, Key: "theirs/report.csv", Body: "a,b" }));

        const { result } = await remediate(moto().endpoint, new JournalWriter(file), CALLER_ONLY);
        assert.deepEqual(result.errors, []);
        assert.notEqual(readJournal(file).entries[0].outcome, "done", "not journaled as created by this run");
        const { outcome, note } = readJournal(file).entries[0];
        assert.deepEqual([outcome, note], ["abandoned", "it holds objects: it may have been made by someone else since the crash"]);
        const undone = await undo(moto().endpoint, readJournal(file), { deleteLogBuckets: true });
        assert.deepEqual(undone.errors, []);
        assert.deepEqual(undone.deleted, []);
        assert.ok(await exists(s3, LOG_BUCKET), "their bucket stays");
        assert.equal((await s3.send(new ListObjectVersionsCommand({ Bucket: LOG_BUCKET }))).Versions?.some((v) => v.Key === "theirs/report.csv"), true, "with their object");
    });

    it("case 3: a bucket created by someone else between audit and apply is merged into, journaled, and never deleted by rollback", async () => {
        const { clients, plan } = await planOnly(moto().endpoint, CALLER_ONLY);
        assert.ok(plan.actions.some((a) => a.kind === "create-log-bucket" && a.bucket === LOG_BUCKET));
        // Someone else makes the bucket first, with their own policy, tags and 10-year retention.
        await s3.send(new CreateBucketCommand({ Bucket: LOG_BUCKET }));
        const theirPolicy = `{"Version":"2012-10-17","Statement":[${AUDITOR_READ.replace(/shared-logs/g, LOG_BUCKET)}]}`;
        await s3.send(new PutBucketPolicyCommand({ Bucket: LOG_BUCKET, Policy: theirPolicy }));
        await s3.send(new PutBucketTaggingCommand({ Bucket: LOG_BUCKET, Tagging: { TagSet: [{ Key: "team", Value: "audit" }] } }));
        const tenYears = [{ ID: "keep-10y", Status: "Enabled" as const, Filter: { Prefix: "" }, Expiration: { Days: 3650 } }];
        await s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket: LOG_BUCKET, LifecycleConfiguration: { Rules: tenYears } }));

        const journal = new JournalWriter();
        const result = await applyPlan(clients, plan, logBucketSpec(), journal);
        assert.deepEqual(result.errors, []);
        assert.ok(!journal.entries.some((e) => e.change.kind === "create-bucket"), "not journaled as created");
        const policy = await policyOf(s3, LOG_BUCKET);
        assert.ok(policy.includes(AUDITOR_READ.replace(/shared-logs/g, LOG_BUCKET)), "their statement kept byte-for-byte");
        assert.deepEqual((await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: LOG_BUCKET }))).Rules!.map((r) => r.Expiration?.Days), [3650]);
        const tags = (await s3.send(new GetBucketTaggingCommand({ Bucket: LOG_BUCKET }))).TagSet!.map((t) => `${t.Key}=${t.Value}`).sort();
        assert.deepEqual(tags, ["s3-access-logging:role=log-bucket", "team=audit"]);
        const journaled = journal.changes.filter((c) => c.bucket === LOG_BUCKET && c.kind !== "create-bucket") as { kind: string; before: unknown }[];
        assert.deepEqual(journaled.find((c) => c.kind === "policy")?.before, theirPolicy);
        assert.deepEqual(journaled.find((c) => c.kind === "tagging")?.before, [{ Key: "team", Value: "audit" }]);

        const undone = await undo(moto().endpoint, { runId: journal.runId, startedAt: "", entries: journal.entries });
        assert.deepEqual(undone.errors, []);
        assert.ok(await exists(s3, LOG_BUCKET), "their bucket stays");
        assert.equal(await policyOf(s3, LOG_BUCKET), theirPolicy);
        assert.deepEqual((await s3.send(new GetBucketTaggingCommand({ Bucket: LOG_BUCKET }))).TagSet!.map((t) => t.Key), ["team"]);
        assert.deepEqual((await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: LOG_BUCKET }))).Rules!.map((r) => r.Expiration?.Days), [3650]);
    });

    it("concurrent applies: only the run whose claim wins journals the creation; the other's rollback leaves that bucket and its hardening alone", async () => {
        const [a, b] = await Promise.all([planOnly(moto().endpoint, CALLER_ONLY), planOnly(moto().endpoint, CALLER_ONLY)]);
        const [ja, jb] = [new JournalWriter(), new JournalWriter()];
        const results = await Promise.all([applyPlan(a.clients, a.plan, logBucketSpec(), ja), applyPlan(b.clients, b.plan, logBucketSpec(), jb)]);
        assert.deepEqual(results.flatMap((r) => r.errors), []);
        const creators = [ja, jb].filter((j) => j.changes.some((c) => c.kind === "create-bucket"));
        assert.equal(creators.length, 1, "exactly one run created the bucket");
        const [winner, loser] = creators[0] === ja ? [ja, jb] : [jb, ja];
        assert.ok(loser.entries.some((e) => e.change.kind === "create-bucket" && e.outcome === "abandoned"));

        const first = await undo(moto().endpoint, { runId: loser.runId, startedAt: "", entries: loser.entries }, { deleteLogBuckets: true });
        assert.deepEqual(first.errors, []);
        assert.deepEqual(first.deleted, []);
        assert.deepEqual(first.kept.map((k) => [k.bucket, k.reason]), [[LOG_BUCKET, "another run created it at the same time; that run's rollback undoes it"]]);
        assert.ok(JSON.parse(await policyOf(s3, LOG_BUCKET)).Statement.length === 2, "the winner's bucket keeps its policy");
        assert.ok((await s3.send(new GetPublicAccessBlockCommand({ Bucket: LOG_BUCKET }))).PublicAccessBlockConfiguration?.BlockPublicAcls);

        const second = await undo(moto().endpoint, { runId: winner.runId, startedAt: "", entries: winner.entries }, { deleteLogBuckets: true });
        assert.deepEqual(second.errors, []);
        assert.deepEqual(second.deleted.map((d) => d.bucket), [LOG_BUCKET]);
    });

    it("case 4: a created log bucket holding objects (versioned) is kept and counted; --delete-log-buckets deletes every version", async () => {
        const { journal } = await remediate(moto().endpoint, new JournalWriter(), CALLER_ONLY);
        await s3.send(new PutBucketVersioningCommand({ Bucket: LOG_BUCKET, VersioningConfiguration: { Status: "Enabled" } }));
        // moto judges object writes against the TLS-only Deny as if made over plain HTTP: lift it while writing.
        const ours = await policyOf(s3, LOG_BUCKET);
        await s3.send(new DeleteBucketPolicyCommand({ Bucket: LOG_BUCKET }));
        for (const body of ["v1", "v2"]) await s3.send(new PutObjectCommand({ Bucket: LOG_BUCKET, Key: "athena/results.csv", Body: body }));
        await s3.send(new PutBucketPolicyCommand({ Bucket: LOG_BUCKET, Policy: ours }));
        // Stop sources logging there: without that the bucket is kept for that reason alone.
        await s3.send(new PutBucketLoggingCommand({ Bucket: "app-data", BucketLoggingStatus: {} }));
        const versions = async () => (await s3.send(new ListObjectVersionsCommand({ Bucket: LOG_BUCKET }))).Versions?.length ?? 0;
        const count = (await versions()) - 1; // all but the run's claim

        const kept = await undo(moto().endpoint, { runId: journal.runId, startedAt: "", entries: journal.entries });
        assert.deepEqual(kept.kept.map((k) => [k.bucket, k.objects, k.targetedBy]), [[LOG_BUCKET, count, []]]);
        assert.match(kept.kept[0].reason, /--delete-log-buckets/);
        assert.equal(await versions(), count + 1, "nothing deleted");
        assert.ok(JSON.parse(await policyOf(s3, LOG_BUCKET)).Statement.some((s: { Sid: string }) => s.Sid === "DenyInsecureTransport"), "still protected");

        const deleted = await undo(moto().endpoint, { runId: journal.runId, startedAt: "", entries: journal.entries }, { deleteLogBuckets: true });
        assert.deepEqual(deleted.errors, []);
        assert.deepEqual(deleted.deleted, [{ bucket: LOG_BUCKET, objects: count }]);
        assert.equal(await exists(s3, LOG_BUCKET), false);
    });

    it("case 5: a created log bucket that any bucket still logs to is kept, with the buckets named", async () => {
        const { journal } = await remediate(moto().endpoint, new JournalWriter(), CALLER_ONLY);
        // Pointed at the log bucket after the apply, by someone else.
        await s3.send(new CreateBucketCommand({ Bucket: "late-app" }));
        await s3.send(new PutBucketLoggingCommand({ Bucket: "late-app", BucketLoggingStatus: { LoggingEnabled: { TargetBucket: LOG_BUCKET, TargetPrefix: "access-logs/" } } }));
        const undone = await undo(moto().endpoint, { runId: journal.runId, startedAt: "", entries: journal.entries }, { deleteLogBuckets: true });
        assert.deepEqual(undone.kept.map((k) => [k.bucket, k.targetedBy]), [[LOG_BUCKET, ["late-app"]]]);
        assert.ok(await exists(s3, LOG_BUCKET), "late-app's logs still have somewhere to go");
        assert.equal((await s3.send(new GetBucketLoggingCommand({ Bucket: "app-data" }))).LoggingEnabled, undefined, "app-data's own change is undone");
    });

    it("case 6: changes made by others after the apply are left alone and reported; --force restores", async () => {
        // A bucket logging to itself: remediation moves its logs, rollback would move them back.
        await s3.send(new CreateBucketCommand({ Bucket: "app-self" }));
        const selfGrant = JSON.stringify(deliveryStatement({ bucket: "app-self", region: "us-east-1", prefix: "self/", sourceAccountId: MANAGEMENT_ACCOUNT }));
        await s3.send(new PutBucketPolicyCommand({ Bucket: "app-self", Policy: `{"Version":"2012-10-17","Statement":[${selfGrant}]}` }));
        await s3.send(new PutBucketLoggingCommand({ Bucket: "app-self", BucketLoggingStatus: { LoggingEnabled: { TargetBucket: "app-self", TargetPrefix: "self/" } } }));
        const { journal } = await remediate(moto().endpoint, new JournalWriter(), CALLER_ONLY);
        assert.ok(journal.changes.some((c) => c.kind === "logging" && c.bucket === "app-self"));

        // After the apply, someone adds a statement to a policy we merged into and switches a logging configuration off.
        const later = `{"Sid":"LaterRead","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"s3:ListBucket","Resource":"arn:aws:s3:::shared-logs"}`;
        const theirs = (await policyOf(s3, "shared-logs")).replace(/\]\s*\}\s*$/, `,${later}]}`);
        await s3.send(new PutBucketPolicyCommand({ Bucket: "shared-logs", Policy: theirs }));
        await s3.send(new PutBucketLoggingCommand({ Bucket: "app-self", BucketLoggingStatus: {} }));

        const undone = await undo(moto().endpoint, { runId: journal.runId, startedAt: "", entries: journal.entries });
        assert.deepEqual(undone.errors, []);
        assert.deepEqual(undone.changedSince.map((c) => [c.bucket, c.setting]).sort(), [["app-self", "logging"], ["shared-logs", "policy"]]);
        assert.match(undone.changedSince.find((c) => c.bucket === "app-self")!.note, /changed since the apply \(now off\); left alone, --force/);
        assert.equal(await policyOf(s3, "shared-logs"), theirs, "the later statement is kept");
        assert.equal((await s3.send(new GetBucketLoggingCommand({ Bucket: "app-self" }))).LoggingEnabled, undefined, "their switch-off is kept");

        const forced = await undo(moto().endpoint, { runId: journal.runId, startedAt: "", entries: journal.entries }, { force: true });
        assert.deepEqual(forced.changedSince, []);
        assert.equal(await policyOf(s3, "shared-logs"), `{"Version":"2012-10-17","Statement":[${AUDITOR_READ}]}`);
        assert.equal((await s3.send(new GetBucketLoggingCommand({ Bucket: "app-self" }))).LoggingEnabled?.TargetBucket, "app-self");
    });
});
