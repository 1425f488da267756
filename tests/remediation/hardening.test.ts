import { strict as assert } from "assert";
import { logBucketSpec } from "../../engine";
import { hardened, HARDENING } from "../../remediation/hardening";
import { sameSetting } from "../../remediation/settings";

const grant = { bucket: "s3-access-logs-111111111111-us-east-1", region: "us-east-1", prefix: "access-logs/", sourceAccountId: "111111111111" };
const spec = logBucketSpec();

describe("log bucket hardening (merge, never replace)", () => {
    it("a tag of theirs whose key is also an Object property name (constructor) is kept when ours are added", () => {
        const tags = hardened("tagging", [{ Key: "constructor", Value: "platform-team" }, { Key: "team", Value: "audit" }], spec, grant) as { Key: string }[];
        assert.deepEqual(tags.map((t) => t.Key), ["constructor", "team", "s3-access-logging:role"]);
    });

    it("lifecycle rules compare as S3 echoes them (member order, empty prefix) but not past a transition", () => {
        const ours = [{ ID: "x", Status: "Enabled", Filter: { Prefix: "" }, Expiration: { Days: 365 }, Transitions: undefined }];
        assert.ok(sameSetting("lifecycle", ours, [{ Status: "Enabled", Expiration: { Days: 365 }, ID: "x", Filter: {} }]));
        assert.ok(sameSetting("lifecycle", ours, [{ ID: "x", Prefix: "", Status: "Enabled", Expiration: { Days: 365 } }]));
        assert.ok(!sameSetting("lifecycle", ours, [{ ...ours[0], Transitions: [{ Days: 30, StorageClass: "GLACIER" }] }]));
        assert.ok(!sameSetting("lifecycle", ours, [{ ...ours[0], Filter: { Prefix: "old/" } }]));
    });

    it("a bare bucket gets every setting of the spec", () => {
        const desired = Object.fromEntries(HARDENING.map((name) => [name, hardened(name, null, spec, grant)]));
        assert.deepEqual(desired.ownership, { Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] });
        assert.deepEqual(desired.encryption, { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }] });
        assert.equal((desired.lifecycle as { Expiration: { Days: number } }[])[0].Expiration.Days, 365);
        assert.deepEqual(desired.tagging, [{ Key: "s3-access-logging:role", Value: "log-bucket" }]);
        assert.deepEqual(JSON.parse(desired.policy as string).Statement.map((s: { Sid: string }) => s.Sid), ["S3ServerAccessLogsAccessLogs", "DenyInsecureTransport"]);
        // Applying the result again changes nothing.
        for (const name of HARDENING) assert.equal(hardened(name, desired[name], spec, grant), undefined, name);
    });

    it("keeps what an existing bucket already chose: lifecycle, encryption, ownership; adds our tag beside theirs", () => {
        assert.equal(hardened("lifecycle", [{ ID: "keep-10y", Status: "Enabled", Expiration: { Days: 3650 } }], spec, grant), undefined);
        assert.equal(hardened("encryption", { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms" } }] }, spec, grant), undefined);
        assert.equal(hardened("ownership", { Rules: [{ ObjectOwnership: "ObjectWriter" }] }, spec, grant), undefined);
        assert.deepEqual(hardened("tagging", [{ Key: "team", Value: "audit" }], spec, grant), [{ Key: "team", Value: "audit" }, { Key: "s3-access-logging:role", Value: "log-bucket" }]);
        assert.deepEqual(hardened("publicAccessBlock", { BlockPublicAcls: true, BlockPublicPolicy: false, IgnorePublicAcls: true, RestrictPublicBuckets: true }, spec, grant),
            { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    });

    it("merges our statements into a foreign policy (a lone Statement object too), keeping its bytes; delivery first, TLS-only last", () => {
        const foreign = `{"Sid":"AuditorRead","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::x/*"}`;
        for (const existing of [`{"Version":"2012-10-17","Statement":[${foreign}]}`, `{"Version":"2012-10-17","Statement":${foreign}}`]) {
            const policy = hardened("policy", existing, spec, grant) as string;
            assert.ok(policy.includes(foreign));
            assert.deepEqual(JSON.parse(policy).Statement.map((s: { Sid: string }) => s.Sid), ["S3ServerAccessLogsAccessLogs", "AuditorRead", "DenyInsecureTransport"]);
            assert.equal(hardened("policy", policy, spec, grant), undefined);
        }
    });

    it("compares settings as S3 keeps them", () => {
        assert.ok(sameSetting("policy", `{"Statement": [ {"Sid":"A"} ]}`, `{"Statement":[{"Sid":"A"}]}`));
        assert.ok(sameSetting("tagging", [{ Key: "b", Value: "2" }, { Key: "a", Value: "1" }], [{ Key: "a", Value: "1" }, { Key: "b", Value: "2" }]));
        assert.ok(sameSetting("logging", { TargetBucket: "t", TargetPrefix: "p/", TargetObjectKeyFormat: { SimplePrefix: {} } }, { TargetBucket: "t", TargetPrefix: "p/" }));
        assert.ok(!sameSetting("logging", { TargetBucket: "t", TargetPrefix: "p/" }, null));
        assert.ok(!sameSetting("policy", `{"Statement":[{"Sid":"A"}]}`, null));
    });
});
