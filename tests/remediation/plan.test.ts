import { strict as assert } from "assert";
import { planRemediation } from "../../remediation/plan";

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

describe("remediation plan: log buckets to complete", () => {
    it("plans completing a half-built log bucket of ours, before grants and logging, and shows it in every format", async () => {
        const { bucketFacts, evaluate, DEFAULT_NAMING } = await import("../../engine");
        const { formatPlan } = await import("../../remediation/formatPlan");
        const logs = "s3-access-logs-111111111111-us-east-1";
        const facts = [bucketFacts({ name: "app", accountId: "111111111111", region: "us-east-1" }), bucketFacts({ name: logs, accountId: "111111111111", region: "us-east-1", designatedLogBucket: true })];
        const run = { evaluation: evaluate(facts), gathered: { facts, state: new Map(), errors: [], accountsAudited: [] }, report: {} as never, callerAccountId: "111111111111" };
        const gaps = [{ accountId: "111111111111", region: "us-east-1", bucket: logs, missing: ["lifecycle" as const, "policy" as const] }];
        const plan = planRemediation(run, { naming: DEFAULT_NAMING, gaps });
        assert.deepEqual(plan.actions.map((a) => `${a.kind} ${a.bucket}`), [`harden-log-bucket ${logs}`, "set-logging app"], "its hardening grants delivery: no grant of its own");
        assert.match(formatPlan(plan, false), new RegExp(`complete the hardening of log bucket ${logs}: lifecycle, policy`));
        assert.match(formatPlan(plan, false, "markdown"), new RegExp(`\\| harden-log-bucket \\| 111111111111 \\| us-east-1 \\| \`${logs}\` \\|`));
        assert.deepEqual(JSON.parse(formatPlan(plan, false, "json")).actions[0].missing, ["lifecycle", "policy"]);
    });
});
