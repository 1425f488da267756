import { strict as assert } from "assert";
import { advisoryPolicy, mandatoryPolicy, REMEDIATION_POLICY, remediationPolicy } from "../../policies/policies";
import shipped = require("../../policies/policy-config.json");
import { wasRemediated } from "../../policies/programInputs";
import {
    onTheWire, provider, remediationInputs, resetPackState, resource, ruleIds, runRemediation, runStack, TYPES, UNKNOWN, withStandInSts,
} from "./harness";
import { secretOnTheWire } from "./analyzerProcess";
import { ACCOUNT, logBucket, loggedBucket } from "./stack";

const LOGS = "s3-access-logs-111111111111-us-east-1";

describe("policy pack: stack policies", () => {
    beforeEach(resetPackState);

    it("Compliance: a logged bucket and its log bucket give no violation at all", async () => {
        const stack = [...logBucket(LOGS), ...loggedBucket("app", LOGS)];
        assert.deepEqual(await runStack(mandatoryPolicy, stack), []);
        assert.deepEqual(await runStack(advisoryPolicy, stack), []);
    });

    it("Noncompliance: logging-disabled, reported on the bucket's URN", async () => {
        const v = await runStack(mandatoryPolicy, [resource(TYPES.BucketV2, "bare", { bucket: "bare", region: "us-east-1" })]);
        assert.deepEqual(ruleIds(v), ["logging-disabled"]);
        assert.equal(v[0].urn, "urn:pulumi:test::proj::aws:s3/bucketV2:BucketV2::bare");
        assert.match(v[0].message, /Bucket bare has no server access logging/);
    });

    it("Noncompliance: target-is-source, reported on the logging resource", async () => {
        const v = await runStack(mandatoryPolicy, loggedBucket("loop", "loop"));
        assert.deepEqual(ruleIds(v), ["target-is-source"]);
        assert.equal(v[0].urn, "urn:pulumi:test::proj::aws:s3/bucketLogging:BucketLogging::loop-logging");
    });

    it("Noncompliance: target-other-region, Region from the resource or else the provider", async () => {
        const eu = provider("eu", { region: "eu-west-1", allowedAccountIds: [ACCOUNT] });
        const euLogs = "s3-access-logs-111111111111-eu-west-1";
        const stack = [
            ...logBucket(euLogs, "eu-west-1"),
            resource(TYPES.BucketV2, "app", { bucket: "app" }, { provider: eu }),
            resource(TYPES.BucketLoggingV2, "app-logging", { bucket: "app", targetBucket: LOGS, targetPrefix: "access-logs/" }, { provider: eu }),
            ...logBucket(LOGS),
        ];
        const v = await runStack(mandatoryPolicy, stack);
        assert.deepEqual(ruleIds(v), ["target-other-region"]);
        assert.match(v[0].message, /app \(eu-west-1\) logs to s3-access-logs-111111111111-us-east-1 in us-east-1/);
    });

    it("Noncompliance: target-other-account, accounts from assumeRoles and allowedAccountIds", async () => {
        const other = provider("other", { region: "us-east-1", assumeRoles: [{ roleArn: "arn:aws:iam::222222222222:role/Deploy" }] });
        const stack = [...logBucket(LOGS), ...loggedBucket("app", LOGS, {}, "us-east-1", other)];
        const v = await runStack(mandatoryPolicy, stack);
        assert.deepEqual(ruleIds(v), ["target-other-account", "target-denies-delivery"]);
        assert.match(v[0].message, /account 222222222222\) logs to .* owned by 111111111111/);
    });

    it("Noncompliance: target-denies-delivery when the target has no policy", async () => {
        const stack = [resource(TYPES.Bucket, "plain", { bucket: "plain", region: "us-east-1" }), ...loggedBucket("app", "plain")];
        assert.deepEqual(ruleIds(await runStack(mandatoryPolicy, stack)), ["target-denies-delivery"]);
    });

    it("Noncompliance: target-kms-encrypted, target-object-lock-retention, target-requester-pays from target-side resources", async () => {
        const stack = [
            ...logBucket(LOGS),
            resource(TYPES.SseV2, "sse", { bucket: LOGS, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: "alias/k" } }] }),
            resource(TYPES.ObjectLockV2, "lock", { bucket: LOGS, rule: { defaultRetention: { mode: "GOVERNANCE", days: 30 } } }),
            resource(TYPES.RequestPaymentV2, "pay", { bucket: LOGS, payer: "Requester" }),
            ...loggedBucket("app", LOGS),
        ];
        assert.deepEqual(ruleIds(await runStack(mandatoryPolicy, stack)), ["target-kms-encrypted", "target-object-lock-retention", "target-requester-pays"]);
    });

    it("Noncompliance: target-kms-encrypted and target-object-lock-retention from a Bucket's or a BucketV2's inline blocks", async () => {
        const inline = {
            [TYPES.Bucket]: {
                serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: "alias/k" } } },
                objectLockConfiguration: { objectLockEnabled: "Enabled", rule: { defaultRetention: { mode: "GOVERNANCE", days: 30 } } },
            },
            [TYPES.BucketV2]: {
                serverSideEncryptionConfigurations: [{ rules: [{ applyServerSideEncryptionByDefaults: [{ sseAlgorithm: "aws:kms", kmsMasterKeyId: "alias/k" }] }] }],
                objectLockConfiguration: { objectLockEnabled: "Enabled", rules: [{ defaultRetentions: [{ mode: "GOVERNANCE", days: 30 }] }] },
            },
        };
        for (const [type, blocks] of Object.entries(inline)) {
            const [bucket, policy] = logBucket(LOGS);
            const target = resource(type, LOGS, { ...bucket.props, ...blocks });
            const v = await runStack(mandatoryPolicy, [target, policy, ...loggedBucket("app", LOGS)]);
            assert.deepEqual(ruleIds(v), ["target-kms-encrypted", "target-object-lock-retention"], type);
        }
    });

    it("Noncompliance: target-grants-unsupported on an owner-enforced target", async () => {
        const targetGrants = [{ grantee: { type: "Group", uri: "http://acs.amazonaws.com/groups/global/AllUsers" }, permission: "READ" }];
        const stack = [...logBucket(LOGS), ...loggedBucket("app", LOGS, { targetGrants })];
        assert.deepEqual(ruleIds(await runStack(mandatoryPolicy, stack)), ["target-grants-unsupported"]);
        const preferred = resource(TYPES.Ownership, "own", { bucket: LOGS, rule: { objectOwnership: "BucketOwnerPreferred" } });
        assert.deepEqual(await runStack(mandatoryPolicy, [...stack, preferred]), []);
    });

    it("Noncompliance: logging-cycle through inline logging of Bucket and BucketV2", async () => {
        const stack = [
            resource(TYPES.Bucket, "a", { bucket: "a", region: "us-east-1", logging: { targetBucket: "b", targetPrefix: "logs/" } }),
            resource(TYPES.BucketV2, "b", { bucket: "b", region: "us-east-1", loggings: [{ targetBucket: "a", targetPrefix: "logs/" }] }),
        ];
        const v = (await runStack(mandatoryPolicy, stack)).filter((x) => x.message.startsWith("[logging-cycle]"));
        assert.equal(v.length, 2);
        assert.match(v[0].message, /a → b → a/);
    });

    it("Noncompliance: target-logs-enabled is advisory by default", async () => {
        const chain = [...logBucket(LOGS), ...loggedBucket("app", LOGS),
            resource(TYPES.BucketLogging, "logs-logging", { bucket: LOGS, region: "us-east-1", targetBucket: "archive", targetPrefix: "access-logs/" }),
            ...logBucket("archive")];
        assert.deepEqual(await runStack(mandatoryPolicy, chain), []);
        const advice = await runStack(advisoryPolicy, chain);
        assert.deepEqual(ruleIds(advice), ["target-logs-enabled"]);
        assert.match(advice[0].message, /Log bucket s3-access-logs-111111111111-us-east-1 \(target of app\) itself logs to archive/);
    });

    it("per-rule levels: a rule moved to advisory leaves the mandatory policy", async () => {
        const bare = [resource(TYPES.Bucket, "bare", { bucket: "bare", region: "us-east-1" })];
        const config = { rules: { "logging-disabled": "advisory" } };
        assert.deepEqual(await runStack(mandatoryPolicy, bare, config), []);
        assert.deepEqual(ruleIds(await runStack(advisoryPolicy, bare, config)), ["logging-disabled"]);
        assert.deepEqual(await runStack(advisoryPolicy, bare, { rules: { "logging-disabled": "disabled" } }), []);
    });

    it("exemptions: by bucket-name pattern and by tag", async () => {
        const stack = [
            resource(TYPES.Bucket, "tmp-1", { bucket: "tmp-1", region: "us-east-1" }),
            resource(TYPES.Bucket, "tagged", { bucket: "tagged", region: "us-east-1", tags: { "s3-access-logging:exempt": "true" } }),
            resource(TYPES.Bucket, "judged", { bucket: "judged", region: "us-east-1" }),
        ];
        const v = await runStack(mandatoryPolicy, stack, { exemptBuckets: ["tmp-*"] });
        assert.deepEqual(v.map((x) => x.urn?.split("::").pop()), ["judged"]);
    });

    it("exemptions and log-bucket tags from the provider's defaultTags, which S3 holds as the bucket's own tags (as the audit reads them)", async () => {
        const sandbox = provider("sandbox", { region: "us-east-1", allowedAccountIds: [ACCOUNT], defaultTags: { tags: { "s3-access-logging:exempt": "true" } } });
        const logs = provider("logs", { region: "us-east-1", allowedAccountIds: [ACCOUNT], defaultTags: { tags: { "s3-access-logging:role": "log-bucket" } } });
        const stack = [
            resource(TYPES.Bucket, "scratch", { bucket: "scratch", region: "us-east-1" }, { provider: sandbox }),
            resource(TYPES.Bucket, "archive", { bucket: "archive", region: "us-east-1" }, { provider: logs }),
            // A bucket's own tag wins over the provider's.
            resource(TYPES.Bucket, "kept", { bucket: "kept", region: "us-east-1", tags: { "s3-access-logging:exempt": "false" } }, { provider: sandbox }),
        ];
        assert.deepEqual((await runStack(mandatoryPolicy, stack)).map((v) => v.urn?.split("::").pop()), ["kept"]);
        const site = { bucket: "site", region: "us-east-1", website: { indexDocument: "index.html" } };
        assert.equal(await runRemediation(remediationPolicy, TYPES.Bucket, "site", site, {}, sandbox), undefined);
    });

    it("a target outside the stack is 'not verifiable here' at advisory level, not a pass", async () => {
        const stack = loggedBucket("app", "central-logs");
        assert.deepEqual(await runStack(mandatoryPolicy, stack), []);
        const v = await runStack(advisoryPolicy, stack);
        assert.deepEqual(ruleIds(v), ["target-missing"]);
        assert.match(v[0].message, /not verifiable here for app: target central-logs is not among the buckets checked here/);
    });

    describe("values unknown during preview", () => {
        it("resolves an unknown target name through property dependencies", async () => {
            const target = resource(TYPES.Bucket, "auto", { bucket: UNKNOWN, region: "us-east-1" });
            const stack = [
                target,
                resource(TYPES.Bucket, "app", { bucket: "app", region: "us-east-1" }),
                resource(TYPES.BucketLogging, "app-logging", { bucket: "app", region: "us-east-1", targetBucket: UNKNOWN, targetPrefix: "p/" }, { deps: { targetBucket: [target] } }),
            ];
            const v = await runStack(mandatoryPolicy, stack);
            // The target was found: its (missing) delivery policy is judged, not skipped.
            assert.deepEqual(ruleIds(v), ["target-denies-delivery"]);
            assert.match(v[0].message, /logs to auto \(name known after deploy\)/);
        });

        it("gives a precise advisory message for the affected resource and still checks the rest", async () => {
            const stack = [
                resource(TYPES.Bucket, "app", { bucket: "app", region: "us-east-1" }),
                resource(TYPES.BucketLogging, "app-logging", { bucket: "app", region: "us-east-1", targetBucket: UNKNOWN, targetPrefix: "p/" }),
                resource(TYPES.Bucket, "bare", { bucket: "bare", region: "us-east-1" }),
            ];
            assert.deepEqual(ruleIds(await runStack(mandatoryPolicy, stack)), ["logging-disabled"]);
            const advice = await runStack(advisoryPolicy, stack);
            assert.deepEqual(ruleIds(advice), ["logging-disabled"]);
            assert.match(advice[0].message, /not verifiable here for app: logging configuration: property targetBucket of BucketLogging app-logging is not known until the resource is deployed/);
            assert.equal(advice[0].urn, "urn:pulumi:test::proj::aws:s3/bucketLogging:BucketLogging::app-logging");
        });

        it("an unknown account is reported, not guessed", async () => {
            const noAccount = provider("noacct", { region: "us-east-1", profile: "other" });
            const stack = [...logBucket(LOGS), ...loggedBucket("app", LOGS, {}, "us-east-1", noAccount)];
            const advice = ruleIds(await runStack(advisoryPolicy, stack));
            assert.ok(advice.includes("target-other-account"), advice.join());
            assert.deepEqual(await runStack(mandatoryPolicy, stack, { accounts: { noacct: ACCOUNT } }), []);
        });
    });

    it("asks AWS for an account only for the providers of S3 resources", async () => {
        const ambient = provider("ambient", { region: "us-east-1" });
        const calls = await withStandInSts(ACCOUNT, async (soFar) => {
            assert.deepEqual(await runStack(mandatoryPolicy, [resource("aws:ec2/vpc:Vpc", "vpc", { cidrBlock: "10.0.0.0/16" }, { provider: ambient })]), []);
            assert.equal(soFar(), 0, "a stack without S3 resources");
            assert.deepEqual(ruleIds(await runStack(mandatoryPolicy, [resource(TYPES.Bucket, "bare", { bucket: "bare", region: "us-east-1" }, { provider: ambient })])), ["logging-disabled"]);
        });
        assert.equal(calls, 1, "a bucket's provider");
    });

    it("Noncompliance: a provider whose credentials are unknown during preview is not taken for the ambient account", async () => {
        // assumeRoles built from an account created in the same stack: the deployment account is not the caller's.
        const pending = provider("member", { region: "us-east-1", assumeRoles: UNKNOWN });
        const stack = [...logBucket(LOGS), ...loggedBucket("app", LOGS, {}, "us-east-1", pending)];
        await withStandInSts(ACCOUNT, async () => {
            const advice = await runStack(advisoryPolicy, stack);
            assert.deepEqual(ruleIds(advice), ["target-other-account", "target-denies-delivery"]);
            assert.match(advice[0].message, /the account of provider member is not known/);
        });
    });

    describe("config", () => {
        const bad: [Record<string, unknown>, RegExp][] = [
            [{ nameTemplate: "logs-{region}" }, /policy config s3-access-logging.nameTemplate "logs-\{region\}" must contain \{accountId\}/],
            [{ keyFormat: "hourly" }, /policy config s3-access-logging.keyFormat "hourly" is not a key format/],
            [{ accountId: "12" }, /policy config s3-access-logging.accountId: "12" is not an AWS account ID/],
            [{ rules: { "no-such-rule": "advisory" } }, /policy config s3-access-logging.rules.no-such-rule: is not a rule ID/],
            [{ rules: { "logging-disabled": "warn" } }, /rules.logging-disabled: "warn" is not a level/],
            [{ exemptBuckets: "tmp-*" }, /exemptBuckets: must be a list of bucket-name patterns/],
            [{ nameTemplat: "x" }, /policy config s3-access-logging.nameTemplat: is not a setting/],
        ];
        for (const [config, message] of bad) {
            it(`rejects ${JSON.stringify(config)} naming the key`, async () => {
                await assert.rejects(runStack(mandatoryPolicy, [], config), message);
            });
        }
    });
});

describe("policy pack: remediation", () => {
    beforeEach(resetPackState);

    it("gives a website Bucket without logging inline logging to its regional log bucket, keeping every other input", async () => {
        const props = { bucket: "app", region: "us-east-1", tags: { team: "a" }, forceDestroy: true, website: { indexDocument: "index.html" } };
        const result = await runRemediation(remediationPolicy, TYPES.Bucket, "app", props);
        assert.deepEqual(result, { ...props, logging: { targetBucket: LOGS, targetPrefix: "access-logs/app/" } });
        assert.equal(await runRemediation(remediationPolicy, TYPES.Bucket, "app", result!), undefined, "idempotent");
    });

    it("records as added by the pack the logging it gives a bucket without a target, not logging it retargets", async () => {
        const urn = (name: string) => `urn:pulumi:test::proj::${TYPES.Bucket}::${name}`;
        const partial = await runRemediation(remediationPolicy, TYPES.Bucket, "app", { bucket: "app", region: "us-east-1", website: { indexDocument: "index.html" }, logging: { targetPrefix: "x/" } });
        assert.deepEqual(partial!.logging, { targetBucket: LOGS, targetPrefix: "access-logs/app/" });
        assert.equal(wasRemediated(urn("app")), true);
        const retargeted = await runRemediation(remediationPolicy, TYPES.Bucket, "self", { bucket: "self", region: "us-east-1", logging: { targetBucket: "self", targetPrefix: "x/" } });
        assert.equal(retargeted!.logging.targetBucket, LOGS);
        assert.equal(wasRemediated(urn("self")), false);
    });

    it("gives a BucketV2 a loggings entry, Region and account from the provider", async () => {
        const eu = provider("eu", { region: "eu-west-1", assumeRoles: [{ roleArn: "arn:aws:iam::333333333333:role/Deploy" }] });
        const corsRules = [{ allowedMethods: ["GET"], allowedOrigins: ["*"] }];
        const result = await runRemediation(remediationPolicy, TYPES.BucketV2, "app", { bucket: "app", corsRules }, {}, eu);
        assert.deepEqual(result, { bucket: "app", corsRules, loggings: [{ targetBucket: "s3-access-logs-333333333333-eu-west-1", targetPrefix: "access-logs/app/" }] });
        // A BucketV2's website is a list, `websites`.
        const websites = [{ indexDocument: "index.html" }];
        const site = await runRemediation(remediationPolicy, TYPES.BucketV2, "site", { bucket: "site", websites }, {}, eu);
        assert.deepEqual(site, { bucket: "site", websites, loggings: [{ targetBucket: "s3-access-logs-333333333333-eu-west-1", targetPrefix: "access-logs/site/" }] });
    });

    it("retargets a self-targeting BucketLogging, keeping its key format and other settings", async () => {
        const props = {
            bucket: "app", region: "us-east-1", targetBucket: "app", targetPrefix: "x/", expectedBucketOwner: ACCOUNT,
            targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: "DeliveryTime" } },
        };
        const result = await runRemediation(remediationPolicy, TYPES.BucketLogging, "app-logging", props);
        assert.deepEqual(result, { ...props, targetBucket: LOGS, targetPrefix: "access-logs/" });
        assert.equal(await runRemediation(remediationPolicy, TYPES.BucketLogging, "app-logging", result!), undefined, "idempotent");
    });

    it("retargets a BucketLoggingV2 aimed at another Region's bucket seen earlier in the run", async () => {
        await runRemediation(remediationPolicy, TYPES.Bucket, "far", { bucket: "far-logs", region: "eu-west-1", tags: { "s3-access-logging:role": "log-bucket" } });
        const props = { bucket: "app", region: "us-east-1", targetBucket: "far-logs", targetPrefix: "app/" };
        const result = await runRemediation(remediationPolicy, TYPES.BucketLoggingV2, "l", props);
        assert.deepEqual(result, { ...props, targetBucket: LOGS, targetPrefix: "access-logs/app/" });
    });

    it("leaves logging to a same-Region bucket alone, even one it does not know", async () => {
        const props = { bucket: "app", region: "us-east-1", targetBucket: "someone-elses-logs", targetPrefix: "p/" };
        assert.equal(await runRemediation(remediationPolicy, TYPES.BucketLogging, "l", props), undefined);
    });

    it("holds back for a bucket declared without content-only configuration: a BucketLogging may follow, or it may be a log target", async () => {
        for (const props of [{ bucket: "plain", region: "us-east-1" }, { bucket: "logs", region: "us-east-1", lifecycleRules: [{ enabled: true, expiration: { days: 90 } }] }]) {
            assert.equal(await runRemediation(remediationPolicy, TYPES.Bucket, "b", props), undefined, JSON.stringify(props));
        }
    });

    it("never touches log buckets or exempt buckets", async () => {
        assert.equal(await runRemediation(remediationPolicy, TYPES.Bucket, "l", { bucket: LOGS, region: "us-east-1" }), undefined);
        assert.equal(await runRemediation(remediationPolicy, TYPES.Bucket, "t", { bucket: "x", region: "us-east-1", tags: { "s3-access-logging:role": "log-bucket" } }), undefined);
        assert.equal(await runRemediation(remediationPolicy, TYPES.Bucket, "e", { bucket: "tmp-1", region: "us-east-1" }, { exemptBuckets: ["tmp-*"] }), undefined);
        assert.equal(await runRemediation(remediationPolicy, TYPES.BucketLogging, "ll", { bucket: LOGS, region: "us-east-1", targetBucket: LOGS, targetPrefix: "" }), undefined);
    });

    it("uses the configured naming convention and account", async () => {
        const config = { nameTemplate: "logs-{region}-{accountId}", targetPrefix: "{bucket}/", keyFormat: "simple", accountId: "444444444444" };
        const noAccount = provider("p", { region: "ap-southeast-2", profile: "x" });
        const result = await runRemediation(remediationPolicy, TYPES.Bucket, "app", { bucket: "app", accelerationStatus: "Enabled" }, config, noAccount);
        assert.deepEqual(result?.logging, { targetBucket: "logs-ap-southeast-2-444444444444", targetPrefix: "app/" });
    });

    it("makes no change when a value it needs is unknown during preview", async () => {
        assert.equal(await runRemediation(remediationPolicy, TYPES.Bucket, "auto", { bucket: UNKNOWN, region: "us-east-1" }), undefined);
        assert.equal(await runRemediation(remediationPolicy, TYPES.BucketLogging, "l", { bucket: "app", targetBucket: UNKNOWN, targetPrefix: "p/" }), undefined);
        // The key format decides the prefix: guessed at preview, the update would write another.
        const format = { bucket: "app", region: "us-east-1", targetBucket: "app", targetPrefix: "p/", targetObjectKeyFormat: UNKNOWN };
        assert.equal(await runRemediation(remediationPolicy, TYPES.BucketLogging, "l", format), undefined);
    });

    it("keeps unknown inputs it does not touch as unknowns", async () => {
        const result = await runRemediation(remediationPolicy, TYPES.Bucket, "app", { bucket: "app", region: "us-east-1", tags: {}, policy: UNKNOWN, website: {} });
        assert.equal(result?.policy, UNKNOWN);
        assert.equal(result?.logging.targetBucket, LOGS);
    });

    it("keeps secret inputs secret in the bag it returns", async () => {
        const owner = secretOnTheWire(ACCOUNT);
        const logging = { bucket: "app", region: "us-east-1", targetBucket: "app", targetPrefix: "x/", expectedBucketOwner: owner };
        const fixed = await onTheWire((await runRemediation(remediationPolicy, TYPES.BucketLogging, "app-logging", remediationInputs(logging)))!);
        assert.deepEqual(fixed, { ...logging, targetBucket: LOGS, targetPrefix: "access-logs/app/" });
        const site = { bucket: "site", region: "us-east-1", website: { indexDocument: "index.html" }, tags: secretOnTheWire({ team: "web" }) };
        const withLogging = await onTheWire((await runRemediation(remediationPolicy, TYPES.Bucket, "site", remediationInputs(site)))!);
        assert.deepEqual(withLogging, { ...site, logging: { targetBucket: LOGS, targetPrefix: "access-logs/site/" } });
    });

    it("leaves the BucketLogging of a bucket tagged exempt or as a log bucket alone, as it left the bucket", async () => {
        for (const tags of [{ "s3-access-logging:exempt": "true" }, { "s3-access-logging:role": "log-bucket" }, UNKNOWN]) {
            // A website bucket would get inline logging (see above) but for these tags.
            assert.equal(await runRemediation(remediationPolicy, TYPES.Bucket, "b", { bucket: "kept", region: "us-east-1", website: { indexDocument: "index.html" }, tags }), undefined);
            const props = { bucket: "kept", region: "us-east-1", targetBucket: "kept", targetPrefix: "x/" };
            assert.equal(await runRemediation(remediationPolicy, TYPES.BucketLogging, "kept-logging", props), undefined, JSON.stringify(tags));
        }
    });

    it("asks AWS for no account when remediating resources that are not buckets or logging", async () => {
        const ambient = provider("ambient", { region: "us-east-1" });
        const calls = await withStandInSts(ACCOUNT, async () => {
            assert.equal(await runRemediation(remediationPolicy, "aws:ec2/vpc:Vpc", "vpc", { cidrBlock: "10.0.0.0/16" }, {}, ambient), undefined);
            assert.equal(await runRemediation(remediationPolicy, "kubernetes:core/v1:Namespace", "ns", {}, {}, provider("k8s", {})), undefined);
        });
        assert.equal(calls, 0);
    });

    it("holds back for a bucket whose provider's credentials are unknown during preview (its account is not the caller's)", async () => {
        const pending = provider("member", { region: "us-east-1", assumeRoles: UNKNOWN });
        await withStandInSts(ACCOUNT, async () => {
            assert.equal(await runRemediation(remediationPolicy, TYPES.Bucket, "site", { bucket: "site", website: { indexDocument: "index.html" } }, {}, pending), undefined);
        });
    });

    it("under the shipped policy-config.json (the README's command and the CI workflow) takes the account from the stack, not a placeholder", async () => {
        const config = shipped[REMEDIATION_POLICY] as Record<string, unknown>;
        const { enforcementLevel, ...settings } = config; // the CLI passes the level apart from the settings
        assert.equal(enforcementLevel, "remediate");
        const member = provider("default_7_48_0", { region: "us-east-1", allowedAccountIds: ["222222222222"] });
        const result = await runRemediation(remediationPolicy, TYPES.Bucket, "site", { bucket: "site", website: { indexDocument: "index.html" } }, settings, member);
        assert.equal(result?.logging.targetBucket, "s3-access-logs-222222222222-us-east-1");
    });

    it("a remediated stack passes the stack policies", async () => {
        const fixed = await runRemediation(remediationPolicy, TYPES.Bucket, "app", { bucket: "app", region: "us-east-1", website: { indexDocument: "index.html" } });
        const stack = [...logBucket(LOGS), resource(TYPES.Bucket, "app", fixed!)];
        assert.deepEqual(await runStack(mandatoryPolicy, stack), []);
        assert.deepEqual(await runStack(advisoryPolicy, stack), []);
    });
});
