import { strict as assert } from "assert";
import { advisoryPolicy, mandatoryPolicy } from "../../policies/policies";
import { recordInputs } from "../../policies/programInputs";
import { parseSettings } from "../../policies/settings";
import { evaluateStack } from "../../policies/stackEvaluation";
import { StackResource } from "../../policies/stackFacts";
import { provider, resetPackState, resource, ruleIds, runStack, TYPES, UNKNOWN } from "./harness";
import { ACCOUNT, logBucket } from "./stack";

const LOGS = "s3-access-logs-111111111111-us-east-1";

/** A resource whose inputs the pack saw at `analyze`, with the outputs `analyzeStack` sends. */
function analyzed(type: string, name: string, inputs: Record<string, unknown>, outputs: Record<string, unknown>) {
    const r = resource(type, name, outputs);
    recordInputs(r.urn, type, inputs);
    return r;
}

describe("policy pack: what the program asked for (inputs) against what analyzeStack sends (outputs)", () => {
    beforeEach(resetPackState);

    it("an absent input whose computed output is unknown means the AWS default (a bucket being created)", async () => {
        const data = analyzed(TYPES.Bucket, "data", { bucket: "data" }, { bucket: "data", logging: UNKNOWN, policy: UNKNOWN, serverSideEncryptionConfiguration: UNKNOWN, region: UNKNOWN });
        assert.deepEqual(ruleIds(await runStack(mandatoryPolicy, [data])), ["logging-disabled"]);
        assert.deepEqual(await runStack(advisoryPolicy, [data]), []);
        // Without the inputs, the same outputs can only be "not verifiable".
        resetPackState();
        assert.deepEqual(ruleIds(await runStack(advisoryPolicy, [resource(TYPES.Bucket, "data", { bucket: "data", logging: UNKNOWN, region: "us-east-1" })])), ["logging-disabled"]);
    });

    it("an absent input whose output is known is the bucket's current value (an existing bucket), not a declaration", async () => {
        const app = analyzed(TYPES.Bucket, "app", { bucket: "app" }, { bucket: "app", region: "us-east-1", logging: { targetBucket: LOGS, targetPrefix: "access-logs/" } });
        const stack = [...logBucket(LOGS), app, analyzed(TYPES.BucketLogging, "app-logging",
            { bucket: "app", targetBucket: LOGS, targetPrefix: "access-logs/" }, { bucket: "app", targetBucket: LOGS, targetPrefix: "access-logs/" })];
        assert.deepEqual(await runStack(mandatoryPolicy, stack), []);
    });

    it("inline logging in outputs only: the same as a BucketLogging's is what it wrote (after a refresh); a different one conflicts", async () => {
        const logging = (prefix: string) => [
            resource(TYPES.Bucket, "app", { bucket: "app", region: "us-east-1", logging: { targetBucket: LOGS, targetPrefix: prefix } }),
            resource(TYPES.BucketLogging, "app-logging", { bucket: "app", region: "us-east-1", targetBucket: LOGS, targetPrefix: "access-logs/" }),
        ];
        assert.deepEqual(await runStack(mandatoryPolicy, [...logBucket(LOGS), ...logging("access-logs/")]), []);
        const v = await runStack(mandatoryPolicy, [...logBucket(LOGS), ...logging("other/")]);
        assert.deepEqual(ruleIds(v), ["logging-conflict"]);
        assert.equal(v[0].urn, "urn:pulumi:test::proj::aws:s3/bucketLogging:BucketLogging::app-logging");
    });

    it("the inputs' inline logging is a declaration even where the outputs do not show it yet", async () => {
        const inline = { targetBucket: LOGS, targetPrefix: "web/" };
        const stack = [...logBucket(LOGS),
            analyzed(TYPES.Bucket, "web", { bucket: "web", logging: inline }, { bucket: "web", region: "us-east-1", logging: UNKNOWN }),
            analyzed(TYPES.BucketLogging, "web-logging", { bucket: UNKNOWN, targetBucket: LOGS, targetPrefix: "access-logs/" }, { bucket: UNKNOWN, targetBucket: LOGS, targetPrefix: "access-logs/" })];
        stack[3].propertyDependencies = { bucket: [stack[2]] };
        const v = await runStack(mandatoryPolicy, stack);
        assert.deepEqual(ruleIds(v), ["logging-conflict"]);
        assert.match(v[0].message, /configured by 2 resources \(web \(inline logging\), web-logging\)/);
    });

    it("canned ACLs on the bucket itself (acl, grants); a name S3 does not know is reported, not guessed", async () => {
        const own = resource(TYPES.Ownership, "own", { bucket: "target", rule: { objectOwnership: "ObjectWriter" } });
        const source = [resource(TYPES.Bucket, "app", { bucket: "app", region: "us-east-1" }),
            resource(TYPES.BucketLogging, "app-logging", { bucket: "app", region: "us-east-1", targetBucket: "target", targetPrefix: "p/" })];
        const target = (props: Record<string, unknown>) => resource(TYPES.Bucket, "target", { bucket: "target", region: "us-east-1", ...props });
        assert.deepEqual(await runStack(mandatoryPolicy, [target({ acl: "log-delivery-write" }), own, ...source]), []);
        const group = "http://acs.amazonaws.com/groups/s3/LogDelivery";
        assert.deepEqual(await runStack(mandatoryPolicy, [target({ grants: [{ type: "Group", uri: group, permissions: ["WRITE", "READ_ACP"] }] }), own, ...source]), []);
        assert.deepEqual(ruleIds(await runStack(mandatoryPolicy, [target({ acl: "log-delivery-write" }), ...source])), ["target-denies-delivery"]);
        const odd = await runStack(advisoryPolicy, [target({ acl: "logs-please" }), own, ...source]);
        assert.match(odd[0].message, /property acl of Bucket target: "logs-please" is not a canned ACL/);
    });

    it("accounts: `default` names a default provider of any version, and only a default provider", async () => {
        const stack = (name: string) => [...logBucket(LOGS), resource(TYPES.Bucket, "app", { bucket: "app", region: "us-east-1" }, { provider: provider(name, { region: "us-east-1", profile: "p" }) }),
            resource(TYPES.BucketLogging, "app-logging", { bucket: "app", targetBucket: LOGS, targetPrefix: "access-logs/" }, { provider: provider(name, { region: "us-east-1", profile: "p" }) })];
        for (const name of ["default", "default_7_23_0", "default_6_0_0_alpha_1"]) {
            assert.deepEqual(await runStack(advisoryPolicy, stack(name), { accounts: { default: ACCOUNT } }), [], name);
        }
        assert.deepEqual(ruleIds(await runStack(advisoryPolicy, stack("defaults-for-eu"), { accounts: { default: ACCOUNT } })), ["target-other-account", "target-denies-delivery"]);
    });

    it("one evaluation per analyzeStack: the policies of one request share it, a later request evaluates again", async () => {
        const settings = parseSettings({}, "s3-access-logging");
        const stack = [resource(TYPES.Bucket, "app", { bucket: "app", region: "us-east-1" })] as unknown as StackResource[];
        const first = evaluateStack(stack, settings);
        await first;
        assert.equal(evaluateStack([...stack], settings), first, "same request");
        assert.notEqual(evaluateStack(stack, parseSettings({ exemptBuckets: ["x"] }, "s3-access-logging")), first, "other settings");
        await new Promise((resolve) => setImmediate(resolve));
        await new Promise((resolve) => setImmediate(resolve));
        assert.notEqual(evaluateStack(stack, settings), first, "later request");
    });
});
