import { strict as assert } from "assert";
import * as path from "path";
import * as pb from "@pulumi/pulumi/proto/analyzer_pb";
import { startPack, RunningPack } from "./analyzerProcess";
import { ACCOUNT, capture, configurePack, Mode, runProgram, verdicts } from "./programRun";
import * as programs from "./programs";
import shipped = require("../../policies/policy-config.json");

const PACK_DIR = path.resolve(__dirname, "../../policies");
const { MANDATORY, ADVISORY } = pb.EnforcementLevel;
const LOGS = `s3-access-logs-${ACCOUNT}-us-east-1`;
const MODES: Mode[] = ["preview", "update"];

/**
 * The shipped configuration, with remediation on (as shipped) or off. The programs' default
 * provider names no account and STS is out of reach here: `accounts` gives it.
 */
function config(remediation: boolean): Record<string, Record<string, unknown>> {
    const c = JSON.parse(JSON.stringify(shipped)) as Record<string, Record<string, unknown>>;
    for (const policy of Object.values(c)) policy.accounts = { default: ACCOUNT };
    if (!remediation) c["s3-access-logging-remediation"].enforcementLevel = "disabled";
    return c;
}

describe("policy pack on real programs, over gRPC, in preview and update (issue 12)", function () {
    this.timeout(180_000);
    let pack: RunningPack;
    before(async () => {
        // No AWS here: a lookup of the caller's account must fail at once, not hang.
        pack = await startPack(PACK_DIR, { AWS_ENDPOINT_URL_STS: "http://127.0.0.1:9", AWS_ACCESS_KEY_ID: "x", AWS_SECRET_ACCESS_KEY: "y", AWS_MAX_ATTEMPTS: "1" });
    });
    after(() => pack?.stop());

    /** Runs `program` in each mode, with remediation off and on, under the shipped configuration. */
    async function runs(program: () => void) {
        const resources = await capture(program);
        const out: Record<string, Awaited<ReturnType<typeof runProgram>>> = {};
        for (const remediation of [false, true]) {
            await configurePack(pack, config(remediation));
            for (const mode of MODES) out[`${mode}${remediation ? "+remediation" : ""}`] = await runProgram(pack, resources, mode);
        }
        return out;
    }

    /** The same verdicts in every run: preview and update, with and without remediation. */
    function sameEverywhere(r: Awaited<ReturnType<typeof runs>>, mandatory: string[], advisory: string[]): void {
        for (const [run, result] of Object.entries(r)) {
            assert.deepEqual(verdicts(result, MANDATORY), mandatory, run);
            assert.deepEqual(verdicts(result, ADVISORY), advisory, run);
        }
    }

    it("aws-ts-s3-folder: logging-disabled without remediation; remediated with inline logging, in both modes", async () => {
        const r = await runs(programs.s3Folder);
        for (const mode of MODES) {
            assert.deepEqual(verdicts(r[mode], MANDATORY), ["logging-disabled on s3-website-bucket"], mode);
            assert.deepEqual(r[mode].remediated.size, 0);
            const fixed = r[`${mode}+remediation`];
            assert.deepEqual(fixed.remediated.get("s3-website-bucket")?.logging, { targetBucket: LOGS, targetPrefix: "access-logs/s3-website-bucket-1234567/" }, mode);
            assert.deepEqual(verdicts(fixed, MANDATORY), [], mode);
            assert.deepEqual(verdicts(fixed, ADVISORY), ["target-missing on s3-website-bucket"], mode);
        }
    });

    it("case 1: a bucket with a separate BucketLogging gets no second, inline configuration; case 4: its log bucket's canned ACL log-delivery-write counts", async () => {
        // BucketOwnerPreferred keeps ACLs in force: the canned ACL lets the LogDelivery group write.
        const r = await runs(programs.bucketLoggingDocs);
        for (const [run, result] of Object.entries(r)) assert.deepEqual([...result.remediated.keys()], [], run);
        sameEverywhere(r, [], []);
    });

    it("case 1: two declarations of one bucket's logging are a mandatory logging-conflict, in both modes", async () => {
        const r = await runs(() => programs.doubleLogging(ACCOUNT));
        for (const [run, result] of Object.entries(r)) {
            assert.deepEqual(verdicts(result, MANDATORY), ["logging-conflict on api-again", "logging-conflict on web"], run);
            const web = result.stack.find((d) => d.on === "web")!;
            assert.match(web.message, /configured by 2 resources \(web \(inline logging\), web\).*Keep one/, run);
        }
    });

    it("case 1, the documented limit: an inline-declared website bucket with a separate BucketLogging is blocked at preview", async () => {
        const r = await runs(() => programs.inlineWebsiteWithBucketLogging(ACCOUNT));
        for (const mode of MODES) {
            assert.deepEqual(verdicts(r[mode], MANDATORY), [], mode);
            const fixed = r[`${mode}+remediation`];
            assert.deepEqual([...fixed.remediated.keys()], ["site"], mode);
            assert.deepEqual(verdicts(fixed, MANDATORY), ["logging-conflict on site"], mode);
            assert.match(fixed.stack.find((d) => d.level === MANDATORY)!.message, /site \(inline logging, added by this pack's remediation\), site\)/);
        }
    });

    it("case 2: a log bucket registered before its sources is not made to log", async () => {
        const r = await runs(() => programs.logBucketFirst(ACCOUNT));
        for (const [run, result] of Object.entries(r)) {
            assert.deepEqual([...result.remediated.keys()], [], run);
            assert.deepEqual(verdicts(result, MANDATORY), [], run);
            // At preview the delivery policy, built from the log bucket's ARN, is not known yet.
            const pending = run.startsWith("preview") ? ["target-denies-delivery on uploads", "target-denies-delivery on assets"] : [];
            assert.deepEqual(verdicts(result, ADVISORY), pending, run);
        }
    });

    it("case 3: inline logging to a log bucket's id is recognised at preview as at update", async () => {
        // The log bucket is a target (no logging-disabled on it); it does not accept delivery.
        sameEverywhere(await runs(programs.blogInlineLogging), ["target-denies-delivery on bucket"], []);
    });

    it("case 4: the canned ACL log-delivery-write does not count where ACLs are disabled (enabled: case 1)", async () => {
        sameEverywhere(await runs(programs.bucketLoggingAclsDisabled), ["target-denies-delivery on example"], []);
    });

    it("case 5: a bucket without logging input is judged the same at preview (computed outputs unknown) and at update", async () => {
        sameEverywhere(await runs(programs.bareBucket), ["logging-disabled on data"], []);
    });

    it("case 6: an unknown value is reported by property, and the verdict settles at update", async () => {
        const r = await runs(() => programs.policyFromArn(ACCOUNT));
        for (const run of ["preview", "preview+remediation"]) {
            assert.deepEqual(verdicts(r[run], MANDATORY), [], run);
            assert.deepEqual(verdicts(r[run], ADVISORY), ["target-denies-delivery on app"], run);
            assert.match(r[run].stack[0].message, /delivery permission of access-logging-bucket-1234567: property policy of BucketPolicy logging is not known until the resource is deployed/);
        }
        for (const run of ["update", "update+remediation"]) assert.deepEqual(r[run].stack, [], run);
    });

    it("case 7: `default` in accounts names the default provider whatever @pulumi/aws version the program pins", async () => {
        const resources = await capture(programs.bucketLoggingDocs);
        const pinned = config(false);
        for (const policy of Object.values(pinned)) policy.accounts = { default_7_48_0: ACCOUNT };
        await configurePack(pack, pinned);
        const stale = await runProgram(pack, resources, "update");
        assert.deepEqual(verdicts(stale, ADVISORY), ["target-other-account on example"]);
        assert.match(stale.stack[0].message, /the account of provider default_7_23_0 is not known/);
        await configurePack(pack, config(false));
        assert.deepEqual((await runProgram(pack, resources, "update")).stack, []);
    });
});
