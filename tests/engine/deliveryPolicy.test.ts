import { strict as assert } from "assert";
import {
    bucketFacts, deliveryStatement, evaluate, logBucketPolicy, MAX_POLICY_BYTES, mergeDeliveryStatement, parsePolicy,
} from "../../engine";

const grant = { bucket: "logs", region: "us-east-1", prefix: "access-logs/", sourceAccountId: "111111111111" };

// Hand-formatted, with odd spacing, a number and an escaped character: a re-serialiser would change them.
const FOREIGN_A = `{ "Sid" : "ReadOnlyAuditors",  "Effect":"Allow", "Principal":{"AWS":"arn:aws:iam::111111111111:role/audit"},
      "Action":["s3:GetObject"], "Resource":"arn:aws:s3:::logs/*", "Condition": {"NumericLessThan": {"s3:max-keys": 10.0}} }`;
const FOREIGN_B = `{"Sid":"Deny\\u0020Http","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::logs","arn:aws:s3:::logs/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}`;
const EXISTING = `{
  "Version": "2012-10-17",
  "Statement": [
    ${FOREIGN_A},
    ${FOREIGN_B}
  ]
}`;

describe("delivery policy", () => {
    it("statement: log-delivery service, PutObject, prefix-scoped single-string Resource, aws:SourceAccount", () => {
        assert.deepEqual(deliveryStatement(grant), {
            Sid: "S3ServerAccessLogsAccessLogs",
            Effect: "Allow",
            Principal: { Service: "logging.s3.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: "arn:aws:s3:::logs/access-logs/*",
            Condition: { StringEquals: { "aws:SourceAccount": "111111111111" } },
        });
    });
    it("log bucket policy: delivery first, then TLS-only with {AWS: *}", () => {
        const doc = logBucketPolicy(grant);
        const statements = doc.Statement as { Sid: string; Principal: unknown }[];
        assert.deepEqual(statements.map((s) => s.Sid), ["S3ServerAccessLogsAccessLogs", "DenyInsecureTransport"]);
        assert.deepEqual(statements[1].Principal, { AWS: "*" });
    });

    describe("merge", () => {
        it("creates a policy when there is none", () => {
            const { policy, changed } = mergeDeliveryStatement(undefined, grant);
            assert.ok(changed);
            assert.deepEqual(parsePolicy(policy).Statement, [deliveryStatement(grant)]);
        });
        it("puts ours first and keeps every foreign statement byte-for-byte, in order", () => {
            const { policy, changed } = mergeDeliveryStatement(EXISTING, grant);
            assert.ok(changed);
            assert.ok(policy.includes(FOREIGN_A) && policy.includes(FOREIGN_B));
            assert.ok(policy.indexOf(FOREIGN_A) < policy.indexOf(FOREIGN_B));
            const sids = (parsePolicy(policy).Statement as { Sid: string }[]).map((s) => s.Sid);
            assert.deepEqual(sids, ["S3ServerAccessLogsAccessLogs", "ReadOnlyAuditors", "Deny Http"]);
            // Only our statement was added: removing it gives back the original text.
            assert.equal(policy.replace(JSON.stringify(deliveryStatement(grant)) + ",", ""), EXISTING);
        });
        it("is idempotent", () => {
            const once = mergeDeliveryStatement(EXISTING, grant).policy;
            const twice = mergeDeliveryStatement(once, grant);
            assert.equal(twice.changed, false);
            assert.equal(twice.policy, once);
        });
        it("replaces no statement that has our Sid: ours takes the next free Sid, and a second merge changes nothing", () => {
            // The delivery Sids of Web/ and web/ are one; a Sid does not prove a statement is ours.
            const other = mergeDeliveryStatement(EXISTING, { ...grant, prefix: "Access-Logs/" }).policy;
            const { policy, changed } = mergeDeliveryStatement(other, grant);
            assert.ok(changed);
            const statements = parsePolicy(policy).Statement as { Sid: string }[];
            assert.deepEqual(statements.map((s) => s.Sid), ["S3ServerAccessLogsAccessLogs2", "S3ServerAccessLogsAccessLogs", "ReadOnlyAuditors", "Deny\u0020Http"]);
            assert.deepEqual(statements[0], { ...deliveryStatement(grant), Sid: "S3ServerAccessLogsAccessLogs2" });
            assert.ok(policy.endsWith(other.slice(other.indexOf("[") + 1)), "every earlier statement keeps its bytes");
            assert.deepEqual(mergeDeliveryStatement(policy, grant), { policy, changed: false });
            assert.deepEqual(mergeDeliveryStatement(policy, { ...grant, prefix: "Access-Logs/" }), { policy, changed: false });
        });
        it("adds a second prefix beside the first", () => {
            const first = mergeDeliveryStatement(undefined, grant).policy;
            const both = mergeDeliveryStatement(first, { ...grant, prefix: "other/" }).policy;
            assert.equal((parsePolicy(both).Statement as unknown[]).length, 2);
        });
        it("turns a lone Statement object into an array", () => {
            const lone = `{"Version":"2012-10-17","Statement":${FOREIGN_B}}`;
            const { policy } = mergeDeliveryStatement(lone, grant);
            assert.ok(policy.includes(FOREIGN_B));
            assert.equal((parsePolicy(policy).Statement as unknown[]).length, 2);
        });
        it("handles an empty Statement array", () => {
            const { policy } = mergeDeliveryStatement(`{"Statement": []}`, grant);
            assert.deepEqual(parsePolicy(policy).Statement, [deliveryStatement(grant)]);
        });
        it("refuses to grow a policy past 20 KB", () => {
            const filler: string[] = [];
            const doc = () => `{"Statement":[${filler.join(",")}]}`;
            while (Buffer.byteLength(doc()) < MAX_POLICY_BYTES - 150) {
                filler.push(`{"Sid":"S${filler.length}","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::logs/p/*"}`);
            }
            const big = doc();
            assert.ok(Buffer.byteLength(big) < MAX_POLICY_BYTES);
            assert.throws(() => mergeDeliveryStatement(big, grant), /over the 20 KB limit/);
        });
        it("the merged policy lets the engine see delivery as allowed", () => {
            const policy = parsePolicy(mergeDeliveryStatement(EXISTING, grant).policy);
            const facts = [
                bucketFacts({ name: "app", accountId: "111111111111", region: "us-east-1", logging: { targetBucket: "logs", targetPrefix: "access-logs/" } }),
                bucketFacts({ name: "logs", accountId: "111111111111", region: "us-east-1", policy }),
            ];
            assert.deepEqual(evaluate(facts).findings, []);
        });
    });
});
