import { strict as assert } from "assert";
import { GetBucketLoggingCommand, LoggingEnabled, PutBucketLoggingCommand, S3Client } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { rollback } from "../../remediation/rollback";
import { sameSetting } from "../../remediation/settings";
import { clientsFor } from "../audit/support";

describe("rollback of a logging change someone refined since (aws-sdk-client-mock)", () => {
    // Stubs replace every S3 client in this process: only while this suite runs.
    let s3: ReturnType<typeof mockClient>;
    before(() => {
        s3 = mockClient(S3Client);
    });
    after(() => s3.restore());
    afterEach(() => s3.reset());

    const account = "111111111111";
    const target = `s3-access-logs-${account}-us-east-1`;
    const set: LoggingEnabled = { TargetBucket: target, TargetPrefix: "access-logs/", TargetObjectKeyFormat: { SimplePrefix: {} } };
    const undoOf = async (now: LoggingEnabled) => {
        s3.on(GetBucketLoggingCommand).resolves({ LoggingEnabled: now });
        s3.on(PutBucketLoggingCommand).resolves({});
        const clients = clientsFor("http://127.0.0.1:9", "rollback");
        clients.setCallerAccount(account);
        const entries = [{ seq: 1, at: "", outcome: "done" as const, change: { kind: "logging" as const, accountId: account, region: "us-east-1", bucket: "app", before: null, after: set } }];
        return rollback(clients, { runId: "run-1", startedAt: "", entries });
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
        const result = await undoOf({ TargetBucket: target, TargetPrefix: "access-logs/" });
        assert.deepEqual(result.changedSince, []);
        assert.deepEqual(s3.commandCalls(PutBucketLoggingCommand).map((c) => c.args[0].input.BucketLoggingStatus), [{}]);
        // Grants echo with empty DisplayName and ID: the same grant.
        const group = { Type: "Group" as const, URI: "http://acs.amazonaws.com/groups/s3/LogDelivery" };
        assert.ok(sameSetting("logging", { ...set, TargetGrants: [{ Grantee: group, Permission: "WRITE" }] },
            { ...set, TargetGrants: [{ Grantee: { ...group, DisplayName: "", ID: "" }, Permission: "WRITE" }] }));
    });
});
