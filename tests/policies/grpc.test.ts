import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as pb from "@pulumi/pulumi/proto/analyzer_pb";
import { LOG_BUCKET_TAG, logBucketPolicy } from "../../engine";
import { captureProgramStack } from "../pulumi/fixtures";
import {
    analyzeRequest, analyzerResource, call, configureRequest, empty, RunningPack, secretOnTheWire, startPack, UNKNOWN_ON_THE_WIRE, WireResource,
} from "./analyzerProcess";
import { PROGRAM_CONFIG } from "./programStack.test";
import { bundlePolicyPack } from "../../scripts/bundle-policy-pack";

const PACK_DIR = path.resolve(__dirname, "../../policies");
const ACCOUNT = "111111111111";
const LOGS = `s3-access-logs-${ACCOUNT}-us-east-1`;
const PROVIDER = {
    type: "pulumi:providers:aws", name: "default_7_48_0", urn: "urn:pulumi:dev::app::pulumi:providers:aws::default_7_48_0",
    props: { region: "us-east-1", allowedAccountIds: JSON.stringify([ACCOUNT]), version: "7.48.0" },
};
const res = (type: string, name: string, props: Record<string, unknown>): WireResource =>
    ({ type, name, urn: `urn:pulumi:dev::app::${type}::${name}`, props, provider: PROVIDER });

const logBucket = [
    res("aws:s3/bucket:Bucket", "logs", { bucket: LOGS, region: "us-east-1", tags: { [LOG_BUCKET_TAG.key]: LOG_BUCKET_TAG.value } }),
    res("aws:s3/bucketPolicy:BucketPolicy", "logs-policy", {
        bucket: LOGS, region: "us-east-1", policy: JSON.stringify(logBucketPolicy({ bucket: LOGS, region: "us-east-1", prefix: "access-logs/", sourceAccountId: ACCOUNT })),
    }),
];

function diagnostics(response: pb.AnalyzeResponse) {
    return response.getDiagnosticsList().map((d) => ({
        // The SDK sends "<policy description>\n<violation message>".
        policy: d.getPolicyname(), level: d.getEnforcementlevel(), message: d.getMessage().split("\n").pop()!, urn: d.getUrn(),
    }));
}

describe("policy pack over the analyzer gRPC protocol (spawned as the CLI does)", function () {
    this.timeout(180_000);
    let pack: RunningPack;

    before(async () => {
        pack = await startPack(PACK_DIR);
    });
    after(() => pack?.stop());

    it("getAnalyzerInfo: name, version, policies with levels, metadata and config schema", async () => {
        const info = await call<unknown, pb.AnalyzerInfo>(pack.client, "getAnalyzerInfo", empty());
        assert.equal(info.getName(), "s3-access-logging");
        assert.equal(info.getVersion(), "0.1.0");
        assert.equal(info.getSupportsconfig(), true);
        const policies = info.getPoliciesList().map((p) => [p.getName(), p.getEnforcementlevel(), p.getSeverity() > 0, p.getUrl(), Boolean(p.getRemediationSteps())]);
        assert.deepEqual(policies, [
            ["s3-access-logging", pb.EnforcementLevel.MANDATORY, true, "README.md#policy-pack", true],
            ["s3-access-logging-advisory", pb.EnforcementLevel.ADVISORY, true, "README.md#policy-pack", true],
            ["s3-access-logging-remediation", pb.EnforcementLevel.REMEDIATE, true, "README.md#policy-pack", true],
        ]);
        const schema = info.getPoliciesList()[0].getConfigschema()!.getProperties()!.toJavaScript();
        assert.ok("nameTemplate" in schema && "exemptBuckets" in schema && "rules" in schema);
    });

    it("analyzeStack: violations with rule IDs, levels and URNs, a precise advisory for an unknown value", async () => {
        await call(pack.client, "configure", configureRequest({}));
        const stack = [
            ...logBucket,
            res("aws:s3/bucket:Bucket", "app", { bucket: "app", region: "us-east-1" }),
            res("aws:s3/bucketLogging:BucketLogging", "app-logging", { bucket: "app", region: "us-east-1", targetBucket: LOGS, targetPrefix: "access-logs/" }),
            res("aws:s3/bucketV2:BucketV2", "bare", { bucket: "bare", region: "us-east-1" }),
            res("aws:s3/bucketLogging:BucketLogging", "loop", { bucket: "loop", region: "us-east-1", targetBucket: "loop", targetPrefix: "x/" }),
            res("aws:s3/bucketLogging:BucketLogging", "pending", { bucket: "pending", region: "us-east-1", targetBucket: UNKNOWN_ON_THE_WIRE, targetPrefix: "x/" }),
        ];
        const response = await call<pb.AnalyzeStackRequest, pb.AnalyzeResponse>(
            pack.client, "analyzeStack", new pb.AnalyzeStackRequest().setResourcesList(stack.map(analyzerResource)));
        const found = diagnostics(response).map((d) => [d.policy, d.level, d.message.split("]")[0] + "]", d.urn.split("::").pop()]);
        assert.deepEqual(found, [
            ["s3-access-logging", pb.EnforcementLevel.MANDATORY, "[logging-disabled]", "bare"],
            ["s3-access-logging", pb.EnforcementLevel.MANDATORY, "[target-is-source]", "loop"],
            ["s3-access-logging-advisory", pb.EnforcementLevel.ADVISORY, "[logging-disabled]", "pending"],
        ]);
        assert.match(diagnostics(response)[2].message, /property targetBucket of BucketLogging pending is not known until the resource is deployed/);
    });

    it("configure: per-policy levels and settings take effect", async () => {
        await call(pack.client, "configure", configureRequest({
            "s3-access-logging": { level: pb.EnforcementLevel.ADVISORY, props: { exemptBuckets: ["bare"] } },
        }));
        const stack = [...logBucket, res("aws:s3/bucketV2:BucketV2", "bare", { bucket: "bare", region: "us-east-1" }),
            res("aws:s3/bucketV2:BucketV2", "other", { bucket: "other", region: "us-east-1" })];
        const response = await call<pb.AnalyzeStackRequest, pb.AnalyzeResponse>(
            pack.client, "analyzeStack", new pb.AnalyzeStackRequest().setResourcesList(stack.map(analyzerResource)));
        assert.deepEqual(diagnostics(response).map((d) => [d.level, d.urn.split("::").pop()]), [[pb.EnforcementLevel.ADVISORY, "other"]]);
        await call(pack.client, "configure", configureRequest({}));
    });

    it("analyze: resource-level calls succeed for every kind of resource (stack policies judge the graph)", async () => {
        for (const r of [...logBucket, res("aws:s3/bucketV2:BucketV2", "bare", { bucket: "bare" })]) {
            const response = await call<pb.AnalyzeRequest, pb.AnalyzeResponse>(pack.client, "analyze", analyzeRequest(r));
            assert.deepEqual(diagnostics(response), []);
        }
    });

    it("remediate: returns the whole property bag with logging added, and nothing for a remediated bag", async () => {
        const props = { bucket: "app", region: "us-east-1", tags: { team: "web" }, forceDestroy: false, website: { indexDocument: "index.html" } };
        const response = await call<pb.AnalyzeRequest, pb.RemediateResponse>(pack.client, "remediate", analyzeRequest(res("aws:s3/bucket:Bucket", "app", props)));
        const remediations = response.getRemediationsList();
        assert.equal(remediations.length, 1);
        assert.equal(remediations[0].getPolicyname(), "s3-access-logging-remediation");
        const fixed = remediations[0].getProperties()!.toJavaScript();
        assert.deepEqual(fixed, { ...props, logging: { targetBucket: LOGS, targetPrefix: "access-logs/app/" } });

        const again = await call<pb.AnalyzeRequest, pb.RemediateResponse>(pack.client, "remediate", analyzeRequest(res("aws:s3/bucket:Bucket", "app", fixed as never)));
        assert.equal(again.getRemediationsList().length, 0);
    });

    it("remediate: a secret input stays secret in the bag sent back", async () => {
        const secret = secretOnTheWire(ACCOUNT);
        const props = { bucket: "app", region: "us-east-1", targetBucket: "app", targetPrefix: "x/", expectedBucketOwner: secret };
        const response = await call<pb.AnalyzeRequest, pb.RemediateResponse>(pack.client, "remediate", analyzeRequest(res("aws:s3/bucketLogging:BucketLogging", "app-logging", props)));
        assert.deepEqual(response.getRemediationsList()[0].getProperties()!.toJavaScript(), { ...props, targetBucket: LOGS, targetPrefix: "access-logs/app/" });
    });

    it("the program's own stack passes with zero diagnostics", async () => {
        const stack = await captureProgramStack(PROGRAM_CONFIG);
        const response = await call<pb.AnalyzeStackRequest, pb.AnalyzeResponse>(
            pack.client, "analyzeStack", new pb.AnalyzeStackRequest().setResourcesList(stack.map(analyzerResource)));
        assert.deepEqual(diagnostics(response), []);
    });
});

describe("the bundled pack (what `pulumi policy publish dist/policy-pack` uploads)", function () {
    this.timeout(180_000);
    let pack: RunningPack;
    let dir: string;

    before(async () => {
        // Inside the repository, so the runtime packages resolve as an installed pack's would.
        dir = bundlePolicyPack(path.resolve(__dirname, "../../dist/policy-pack-test"));
        pack = await startPack(dir);
    });
    after(() => {
        pack?.stop();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("imports nothing from outside its folder but its declared packages", () => {
        const requires = [...fs.readFileSync(path.join(dir, "index.js"), "utf8").matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
        const declared = Object.keys(JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).dependencies);
        assert.deepEqual([...new Set(requires)].filter((r) => !declared.some((d) => r === d || r.startsWith(`${d}/`))), []);
    });

    it("serves the same policies and judges a stack", async () => {
        const info = await call<unknown, pb.AnalyzerInfo>(pack.client, "getAnalyzerInfo", empty());
        assert.deepEqual(info.getPoliciesList().map((p) => p.getName()), ["s3-access-logging", "s3-access-logging-advisory", "s3-access-logging-remediation"]);
        const stack = [...logBucket, res("aws:s3/bucketLogging:BucketLogging", "loop", { bucket: "loop", region: "us-east-1", targetBucket: "loop", targetPrefix: "x/" })];
        const response = await call<pb.AnalyzeStackRequest, pb.AnalyzeResponse>(
            pack.client, "analyzeStack", new pb.AnalyzeStackRequest().setResourcesList(stack.map(analyzerResource)));
        assert.deepEqual(diagnostics(response).map((d) => d.message.split("]")[0]), ["[target-is-source"]);
    });
});
