import { strict as assert } from "assert";
import { PolicyResource } from "@pulumi/policy";
import { advisoryPolicy, mandatoryPolicy } from "../../policies/policies";
import { CapturedResource, captureProgramStack, MEMBER } from "../pulumi/fixtures";
import { provider, resetPackState, resource, ruleIds, runStack, TYPES } from "./harness";

export const PROGRAM_CONFIG = {
    regions: ["us-east-1", "eu-west-1"],
    sourceBuckets: [{ bucket: "member-assets", accountId: MEMBER, region: "eu-west-1" }],
};

function asPolicyResources(stack: CapturedResource[]): PolicyResource[] {
    return stack.map((r) => {
        const prov = r.provider && { ...provider(r.provider.name, {}), props: r.provider.props };
        return { ...resource(r.type, r.name, r.props, { provider: prov }), urn: r.urn };
    });
}

describe("policy pack on the program's own stack", () => {
    let stack: PolicyResource[];
    before(async () => {
        stack = asPolicyResources(await captureProgramStack(PROGRAM_CONFIG));
    });
    beforeEach(resetPackState);

    it("captures the log buckets, their policies and the wired source", () => {
        assert.equal(stack.filter((r) => r.type === TYPES.Bucket).length, 4);
        assert.equal(stack.filter((r) => r.type === TYPES.BucketPolicy).length, 4);
        assert.equal(stack.filter((r) => r.type === TYPES.BucketLogging).length, 1);
    });

    it("passes with zero violations, mandatory and advisory", async () => {
        assert.deepEqual(await runStack(mandatoryPolicy, stack), []);
        assert.deepEqual(await runStack(advisoryPolicy, stack), []);
    });

    it("seeded defects produce exactly the expected violations", async () => {
        const memberProvider = stack.find((r) => r.type === TYPES.BucketLogging)!.provider;
        const euLogs = `s3-access-logs-${MEMBER}-eu-west-1`;
        const seeded = [
            ...stack,
            resource(TYPES.BucketV2, "forgotten", { bucket: "forgotten", region: "us-east-1" }, { provider: memberProvider }),
            resource(TYPES.BucketLogging, "far", { bucket: "far-away", region: "us-east-1", targetBucket: euLogs, targetPrefix: "access-logs/" }, { provider: memberProvider }),
            resource(TYPES.BucketLogging, "self", { bucket: euLogs, region: "eu-west-1", targetBucket: euLogs, targetPrefix: "" }, { provider: memberProvider }),
        ];
        const v = await runStack(mandatoryPolicy, seeded);
        assert.deepEqual(v.map((x) => [ruleIds([x])[0], x.urn!.split("::").pop()]), [
            ["target-is-source", "self"],
            ["logging-disabled", "forgotten"],
            ["target-other-region", "far"],
        ]);
        assert.deepEqual(await runStack(advisoryPolicy, seeded), []);
    });
});
