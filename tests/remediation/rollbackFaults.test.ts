import { strict as assert } from "assert";
import { createHash } from "crypto";
import {
    DeleteBucketCommand, DeleteBucketPolicyCommand, DeleteObjectsCommand, GetBucketLoggingCommand, GetBucketPolicyCommand, HeadBucketCommand, ListBucketsCommand,
    ListObjectVersionsCommand, LoggingEnabled, PutBucketLoggingCommand, PutBucketPolicyCommand, S3Client,
} from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { CLAIM_KEY } from "../../remediation/apply";
import { rollback } from "../../remediation/rollback";
import { sameSetting } from "../../remediation/settings";
import { clientsFor } from "../audit/support";

describe("rollback against a stubbed S3: failures mid-deletion, paged listings, journals of newer versions, later refinements (aws-sdk-client-mock)", () => {
    // Stubs replace every S3 client in this process: only while this suite runs.
    let s3: ReturnType<typeof mockClient>;
    before(() => {
        s3 = mockClient(S3Client);
    });
    after(() => s3.restore());
    afterEach(() => s3.reset());

    const ACCOUNT = "111111111111";
    const BUCKET = `s3-access-logs-${ACCOUNT}-us-east-1`;
    /** The ETag S3 gives a run's claim: the MD5 of its body, the run ID. */
    const claimETag = (runId: string) => `"${createHash("md5").update(runId).digest("hex")}"`;
    const rollbackClients = () => {
        const clients = clientsFor("http://127.0.0.1:9", "rollback");
        clients.setCallerAccount(ACCOUNT);
        return clients;
    };
    /** Rolls back the journal of a run that created the log bucket, deleting it even when it holds objects. */
    const rollbackCreation = (runId: string) => rollback(rollbackClients(), {
        runId, startedAt: "",
        entries: [{ seq: 1, at: "", outcome: "done", change: { kind: "create-bucket", accountId: ACCOUNT, region: "us-east-1", bucket: BUCKET, claimKey: CLAIM_KEY } }],
    }, { deleteLogBuckets: true });

    it("a versioned log bucket that gains an object during deletion keeps its policy and is reported, never left unprotected", async () => {
        const runId = "run-1";
        const policy = `{"Version":"2012-10-17","Statement":[{"Sid":"DenyInsecureTransport","Effect":"Deny"}]}`;
        s3.on(HeadBucketCommand).resolves({});
        s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: BUCKET, BucketRegion: "us-east-1" }] });
        s3.on(GetBucketLoggingCommand).resolves({});
        s3.on(ListObjectVersionsCommand).resolves({
            Versions: [
                { Key: CLAIM_KEY, VersionId: "c1", ETag: claimETag(runId) },
                { Key: "access-logs/a", VersionId: "v1", ETag: '"x"' },
                { Key: "access-logs/a", VersionId: "v2", ETag: '"y"' },
            ],
            DeleteMarkers: [{ Key: "access-logs/b", VersionId: "m1" }],
        });
        s3.on(GetBucketPolicyCommand).resolves({ Policy: policy });
        s3.on(DeleteBucketPolicyCommand).resolves({});
        s3.on(DeleteObjectsCommand).resolves({});
        s3.on(DeleteBucketCommand).rejects(Object.assign(new Error("The bucket you tried to delete is not empty"), { name: "BucketNotEmpty" }));
        s3.on(PutBucketPolicyCommand).resolves({});

        const result = await rollbackCreation(runId);

        assert.deepEqual(result.deleted, []);
        assert.match(result.errors[0].message, /BucketNotEmpty/);
        // Every version and delete marker is deleted by its version ID: no delete marker hides anything. The claim goes last.
        const deleted = s3.commandCalls(DeleteObjectsCommand).flatMap((c) => c.args[0].input.Delete!.Objects!);
        assert.deepEqual(deleted.map((o) => `${o.Key}@${o.VersionId}`), ["access-logs/a@v1", "access-logs/a@v2", "access-logs/b@m1", `${CLAIM_KEY}@c1`]);
        // The policy lifted for the deletion is put back, byte for byte.
        assert.deepEqual(s3.commandCalls(PutBucketPolicyCommand).map((c) => c.args[0].input.Policy), [policy]);
    });

    it("a deletion that fails part-way (after its first batch) is finished by the next rollback: the claim goes last", async () => {
        const runId = "run-3";
        // A small S3: more versions than one DeleteObjects takes, keys on both sides of the claim's.
        let versions = [
            { Key: "access-logs/a", VersionId: "v0", ETag: '"x"' },
            { Key: CLAIM_KEY, VersionId: "c1", ETag: claimETag(runId) },
            ...Array.from({ length: 1500 }, (_, i) => ({ Key: `web/${String(i).padStart(4, "0")}`, VersionId: "v1", ETag: '"y"' })),
        ];
        let deletions = 0;
        s3.on(HeadBucketCommand).resolves({});
        s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: BUCKET, BucketRegion: "us-east-1" }] });
        s3.on(GetBucketLoggingCommand).resolves({});
        s3.on(ListObjectVersionsCommand).callsFake(() => ({ Versions: versions }));
        s3.on(GetBucketPolicyCommand).rejects(Object.assign(new Error("no policy"), { name: "NoSuchBucketPolicy" }));
        s3.on(DeleteObjectsCommand).callsFake((input) => {
            // The first rollback's second batch fails (a crash there would leave the same).
            if (++deletions === 2) throw Object.assign(new Error("We encountered an internal error"), { name: "InternalError" });
            const gone = new Set(input.Delete.Objects.map((o: { Key: string; VersionId: string }) => `${o.Key}@${o.VersionId}`));
            versions = versions.filter((v) => !gone.has(`${v.Key}@${v.VersionId}`));
            return {};
        });
        s3.on(DeleteBucketCommand).resolves({});

        const first = await rollbackCreation(runId);
        assert.match(first.errors[0]?.message ?? "", /internal error/);

        const second = await rollbackCreation(runId);
        assert.deepEqual(second.errors, []);
        assert.deepEqual(second.kept.map((k) => k.reason), []);
        assert.deepEqual(second.deleted.map((d) => d.bucket), [BUCKET]);
        assert.deepEqual(versions, []);
    });

    it("a change of a kind this version does not know (a newer journal) is reported as such; the rest is undone", async () => {
        s3.on(GetBucketPolicyCommand).rejects(Object.assign(new Error("no policy"), { name: "NoSuchBucketPolicy" }));
        const clients = rollbackClients();
        const where = { accountId: ACCOUNT, region: "us-east-1", bucket: "b" };
        const entries = [
            { seq: 1, at: "", outcome: "done" as const, change: { kind: "policy" as const, ...where, before: null, after: "{}" } },
            { seq: 2, at: "", outcome: "done" as const, change: { kind: "versioning", ...where, before: null, after: {} } as never },
            { seq: 3, at: "", outcome: "done" as const, change: { kind: "constructor", ...where, before: null, after: {} } as never },
        ];
        const result = await rollback(clients, { runId: "r", startedAt: "", entries });
        assert.deepEqual(result.undone.map((c) => c.kind), ["policy"]);
        assert.deepEqual(result.errors.map((e) => [e.operation, e.message]), [
            ["rollback constructor", "Error: this version of s3-logging does not know changes of kind constructor; roll them back with the version that wrote the journal"],
            ["rollback versioning", "Error: this version of s3-logging does not know changes of kind versioning; roll them back with the version that wrote the journal"],
        ]);
    });

    it("a created log bucket that a source on a later page of the listing logs to is kept", async () => {
        const runId = "run-2";
        s3.on(HeadBucketCommand).resolves({});
        s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: BUCKET, BucketRegion: "us-east-1" }], ContinuationToken: "page-2" });
        s3.on(ListBucketsCommand, { ContinuationToken: "page-2" }).resolves({ Buckets: [{ Name: "late-source", BucketRegion: "us-east-1" }] });
        s3.on(GetBucketLoggingCommand).resolves({});
        s3.on(GetBucketLoggingCommand, { Bucket: "late-source" }).resolves({ LoggingEnabled: { TargetBucket: BUCKET, TargetPrefix: "access-logs/" } });
        s3.on(ListObjectVersionsCommand).resolves({ Versions: [{ Key: CLAIM_KEY, VersionId: "c1", ETag: claimETag(runId) }] });

        const result = await rollbackCreation(runId);

        assert.deepEqual(result.kept.map((k) => [k.bucket, k.targetedBy]), [[BUCKET, ["late-source"]]]);
        assert.equal(s3.commandCalls(DeleteBucketCommand).length, 0);
    });

    describe("a logging change someone refined since the apply", () => {
        const set: LoggingEnabled = { TargetBucket: BUCKET, TargetPrefix: "access-logs/", TargetObjectKeyFormat: { SimplePrefix: {} } };
        const undoOf = async (now: LoggingEnabled) => {
            s3.on(GetBucketLoggingCommand).resolves({ LoggingEnabled: now });
            s3.on(PutBucketLoggingCommand).resolves({});
            const entries = [{ seq: 1, at: "", outcome: "done" as const, change: { kind: "logging" as const, accountId: ACCOUNT, region: "us-east-1", bucket: "app", before: null, after: set } }];
            return rollback(rollbackClients(), { runId: "run-1", startedAt: "", entries });
        };

        it("a key format switched to partitioned after the apply (AWS echoes it) is left alone and reported, not switched off", async () => {
            const result = await undoOf({ ...set, TargetObjectKeyFormat: { PartitionedPrefix: { PartitionDateSource: "EventTime" } } });
            assert.deepEqual(result.changedSince.map((c) => [c.bucket, c.setting]), [["app", "logging"]]);
            assert.equal(s3.commandCalls(PutBucketLoggingCommand).length, 0, "their key format is kept");
        });

        it("TargetGrants added after the apply are left alone and reported", async () => {
            const grant = { Grantee: { Type: "Group" as const, URI: "http://acs.amazonaws.com/groups/global/AuthenticatedUsers" }, Permission: "READ" as const };
            const result = await undoOf({ ...set, TargetGrants: [grant] });
            assert.deepEqual(result.changedSince.map((c) => [c.bucket, c.setting]), [["app", "logging"]]);
            assert.equal(s3.commandCalls(PutBucketLoggingCommand).length, 0, "their grants are kept");
        });

        it("an endpoint that does not echo the key format (moto) still matches the value the run set", async () => {
            const result = await undoOf({ TargetBucket: BUCKET, TargetPrefix: "access-logs/" });
            assert.deepEqual(result.changedSince, []);
            assert.deepEqual(s3.commandCalls(PutBucketLoggingCommand).map((c) => c.args[0].input.BucketLoggingStatus), [{}]);
            // Grants echo with empty DisplayName and ID: the same grant.
            const group = { Type: "Group" as const, URI: "http://acs.amazonaws.com/groups/s3/LogDelivery" };
            assert.ok(sameSetting("logging", { ...set, TargetGrants: [{ Grantee: group, Permission: "WRITE" }] },
                { ...set, TargetGrants: [{ Grantee: { ...group, DisplayName: "", ID: "" }, Permission: "WRITE" }] }));
        });
    });
});
