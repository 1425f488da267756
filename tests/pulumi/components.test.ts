import { registered, named, ofType, reset, settle } from "./mocks";
import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccessLogAthena, AccountLogBuckets, BucketAccessLogging, RegionalLogBucket } from "../../components";
import { DEFAULT_NAMING, evaluate, bucketFacts, parsePolicy } from "../../engine";
import { CATALOGUE } from "../../logs/catalogue";
import { LOG_FIELDS } from "../../logs/fields";
import { parseLine } from "../../logs/parser";

const ACCOUNT = "111111111111";

describe("RegionalLogBucket", () => {
    beforeEach(reset);

    it("creates a hardened bucket in the given Region, named by the template", async () => {
        const logs = new RegionalLogBucket("logs", { accountId: ACCOUNT, region: "eu-west-1" });
        await settle();
        assert.equal(logs.bucketName, "s3-access-logs-111111111111-eu-west-1");
        const bucket = named("logs");
        assert.equal(bucket.type, "aws:s3/bucket:Bucket");
        assert.equal(bucket.inputs.bucket, "s3-access-logs-111111111111-eu-west-1");
        assert.equal(bucket.inputs.region, "eu-west-1");
        assert.equal(bucket.inputs.forceDestroy, false);
        assert.equal(bucket.inputs.tags["s3-access-logging:role"], "log-bucket");

        // Every child resource is pinned to the bucket's Region.
        const children = registered.filter((r) => r.type.startsWith("aws:s3/"));
        assert.deepEqual(children.map((r) => r.inputs.region), children.map(() => "eu-west-1"));

        assert.deepEqual(named("logs-ownership").inputs.rule, { objectOwnership: "BucketOwnerEnforced" });
        const pab = named("logs-public-access").inputs;
        assert.deepEqual([pab.blockPublicAcls, pab.blockPublicPolicy, pab.ignorePublicAcls, pab.restrictPublicBuckets], [true, true, true, true]);
        assert.deepEqual(named("logs-encryption").inputs.rules, [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]);
        const rule = named("logs-lifecycle").inputs.rules[0];
        assert.equal(rule.expiration.days, 365);
        assert.equal(rule.status, "Enabled");
        assert.equal(rule.transitions, undefined);
        assert.equal(ofType("aws:s3/bucketLogging:BucketLogging").length, 0, "a log bucket never logs");
    });

    it("writes a delivery-first, TLS-only policy that the engine accepts for same-account sources", async () => {
        new RegionalLogBucket("logs", { accountId: ACCOUNT, region: "us-east-1" });
        await settle();
        const policy = parsePolicy(named("logs-policy").inputs.policy);
        const statements = policy.Statement as any[];
        assert.deepEqual(statements.map((s) => s.Sid), ["S3ServerAccessLogsAccessLogs", "DenyInsecureTransport"]);
        assert.equal(statements[0].Resource, "arn:aws:s3:::s3-access-logs-111111111111-us-east-1/access-logs/*");
        assert.deepEqual(statements[0].Condition, { StringEquals: { "aws:SourceAccount": ACCOUNT } });
        assert.deepEqual(statements[1].Condition, { Bool: { "aws:SecureTransport": "false" } });

        const target = bucketFacts({ name: "s3-access-logs-111111111111-us-east-1", accountId: ACCOUNT, region: "us-east-1", policy });
        const keyFormat = DEFAULT_NAMING.keyFormat;
        const source = (accountId: string) => bucketFacts({
            name: "app", accountId, region: "us-east-1",
            logging: { targetBucket: target.name, targetPrefix: "access-logs/", keyFormat },
        });
        assert.deepEqual(evaluate([source(ACCOUNT), target]).findings, []);
        const foreign = evaluate([source("222222222222"), { ...target, accountId: "222222222222" }]).findings;
        assert.deepEqual(foreign.map((f) => f.ruleId), ["target-denies-delivery"]);
    });

    it("adds an optional transition", async () => {
        new RegionalLogBucket("logs", { accountId: ACCOUNT, region: "us-east-1", expirationDays: 400, transition: { days: 30, storageClass: "GLACIER_IR" } });
        await settle();
        const rule = named("logs-lifecycle").inputs.rules[0];
        assert.deepEqual([rule.expiration.days, rule.transitions], [400, [{ days: 30, storageClass: "GLACIER_IR" }]]);
    });

    const invalid: [string, object, RegExp][] = [
        ["a malformed account", { accountId: "1234" }, /accountId: "1234" is not an AWS account ID/],
        ["an unknown Region", { region: "us-east-9" }, /region: "us-east-9" is not an AWS Region/],
        ["a transition after expiry", { transition: { days: 400, storageClass: "GLACIER" } }, /transition.days: 400 must be less than expirationDays/],
        ["an unknown storage class", { transition: { days: 30, storageClass: "COLD" } }, /transition.storageClass: "COLD"/],
        ["a bad template", { naming: { ...DEFAULT_NAMING, nameTemplate: "logs-{region}" } }, /must contain \{accountId\}/],
        // S3 refuses lifecycle transitions to the IA classes before 30 days (PutBucketLifecycleConfiguration fails mid-deploy).
        ["a transition to STANDARD_IA before 30 days", { transition: { days: 7, storageClass: "STANDARD_IA" } }, /transition.days: STANDARD_IA takes objects only after 30 days or more/],
        ["a transition to ONEZONE_IA before 30 days", { transition: { days: 29, storageClass: "ONEZONE_IA" } }, /transition.days: ONEZONE_IA takes objects only after 30 days or more/],
    ];
    for (const [what, change, message] of invalid) {
        it(`rejects ${what} before creating anything`, async () => {
            assert.throws(() => new RegionalLogBucket("bad", { accountId: ACCOUNT, region: "us-east-1", ...change }), message);
            await settle();
            assert.deepEqual(registered.filter((r) => r.type.startsWith("aws:")), []);
        });
    }
});

describe("AccountLogBuckets", () => {
    beforeEach(reset);
    it("creates one log bucket per Region through the account's provider", async () => {
        const provider = new aws.Provider("acct", { region: "us-east-1" });
        const account = new AccountLogBuckets("acct", { accountId: ACCOUNT, regions: ["us-east-1", "ap-southeast-2"] }, { providers: [provider] });
        await settle();
        assert.deepEqual(account.bucketNames, {
            "us-east-1": "s3-access-logs-111111111111-us-east-1",
            "ap-southeast-2": "s3-access-logs-111111111111-ap-southeast-2",
        });
        const buckets = ofType("aws:s3/bucket:Bucket");
        assert.deepEqual(buckets.map((b) => b.inputs.region), ["us-east-1", "ap-southeast-2"]);
        assert.ok(buckets.every((b) => b.provider?.includes("::acct::")), "children inherit the account provider");
    });
    it("rejects an empty Region list", () => {
        assert.throws(() => new AccountLogBuckets("acct", { accountId: ACCOUNT, regions: [] }), /regions: list at least one Region/);
    });
});

describe("BucketAccessLogging", () => {
    beforeEach(reset);
    const naming = DEFAULT_NAMING;

    it("logs an existing bucket into the same-Region log bucket with the shared prefix and key format", async () => {
        const logs = new RegionalLogBucket("logs", { accountId: ACCOUNT, region: "eu-west-1" });
        new BucketAccessLogging("app", { source: "app-assets", region: "eu-west-1", accountId: ACCOUNT, logBucket: logs });
        await settle();
        const logging = named("app").inputs;
        assert.equal(logging.bucket, "app-assets");
        assert.equal(logging.region, "eu-west-1");
        assert.equal(logging.targetBucket, "s3-access-logs-111111111111-eu-west-1");
        assert.equal(logging.targetPrefix, "access-logs/");
        assert.equal(logging.expectedBucketOwner, ACCOUNT);
        assert.deepEqual(logging.targetObjectKeyFormat, { partitionedPrefix: { partitionDateSource: "EventTime" } });
    });

    it("logs a new bucket, with a per-bucket prefix for simple keys", async () => {
        const simple = { ...naming, keyFormat: { kind: "simple" as const }, prefixTemplate: "{bucket}/" };
        const source = new aws.s3.Bucket("new", { bucket: "new-bucket", region: "us-east-1" });
        new BucketAccessLogging("new-logging", {
            source: source.bucket, region: "us-east-1", accountId: ACCOUNT, naming: simple, logBucket: { bucketName: "central", region: "us-east-1" },
        });
        await settle();
        const logging = named("new-logging").inputs;
        assert.equal(logging.targetPrefix, "new-bucket/");
        assert.deepEqual(logging.targetObjectKeyFormat, { simplePrefix: {} });
    });

    it("refuses a self target", () => {
        assert.throws(() => new BucketAccessLogging("self", {
            source: "logs", region: "us-east-1", accountId: ACCOUNT, logBucket: { bucketName: "logs", region: "us-east-1" },
        }), /logBucket: logs is the source bucket itself/);
        const logs = new RegionalLogBucket("logs2", { accountId: ACCOUNT, region: "us-east-1" });
        assert.throws(() => new BucketAccessLogging("self2", {
            source: logs.bucket.bucket, region: "us-east-1", accountId: ACCOUNT, logBucket: logs,
        }), /is the source bucket itself/);
    });

    it("refuses a prefix the log bucket's delivery statement does not cover, before creating the logging", async () => {
        // The log bucket lets the logging service write under raw/ only: logs sent to access-logs/ would be dropped silently.
        const raw = { ...naming, prefixTemplate: "raw/" };
        const logs = new RegionalLogBucket("logs", { accountId: ACCOUNT, region: "eu-west-1", naming: raw });
        assert.throws(() => new BucketAccessLogging("app", { source: "app-assets", region: "eu-west-1", accountId: ACCOUNT, logBucket: logs }),
            /naming: the prefix "access-logs\/" is outside "raw\/", the only prefix s3-access-logs-111111111111-eu-west-1 lets S3 deliver under/);
        // A per-bucket prefix is checked once the source's name is known.
        const perBucket = { ...naming, prefixTemplate: "{bucket}/" };
        const late = new BucketAccessLogging("late", {
            source: pulumi.output("app-assets"), region: "eu-west-1", accountId: ACCOUNT, logBucket: logs, naming: perBucket,
        });
        await assert.rejects((late.logging.targetPrefix as unknown as { promise(): Promise<string> }).promise(), /naming: the prefix "app-assets\/" is outside "raw\/"/);
        new BucketAccessLogging("ok", { source: "app-assets", region: "eu-west-1", accountId: ACCOUNT, logBucket: logs, naming: raw });
        await settle();
        assert.equal(named("ok").inputs.targetPrefix, "raw/");
    });

    it("refuses a cross-Region target", async () => {
        assert.throws(() => new BucketAccessLogging("far", {
            source: "app", region: "eu-west-1", accountId: ACCOUNT, logBucket: { bucketName: "logs", region: "us-east-1" },
        }), /logs is in us-east-1 but the source is in eu-west-1/);
        await settle();
        assert.equal(ofType("aws:s3/bucketLogging:BucketLogging").length, 0);
    });

    it("refuses another account's RegionalLogBucket, whose delivery statement admits its own account's sources only", async () => {
        const logs = new RegionalLogBucket("logs", { accountId: "222222222222", region: "eu-west-1" });
        assert.throws(() => new BucketAccessLogging("other", { source: "app", region: "eu-west-1", accountId: ACCOUNT, logBucket: logs }),
            /logBucket: s3-access-logs-222222222222-eu-west-1 is in account 222222222222 but the source is in 111111111111/);
        await settle();
        assert.equal(ofType("aws:s3/bucketLogging:BucketLogging").length, 0);
    });
});

describe("RegionalLogBucket with Athena", () => {
    beforeEach(reset);
    const LINE = `79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be app [06/Feb/2019:00:00:38 +0000] 192.0.2.3 arn:aws:iam::111111111111:user/x 3E57427F3EXAMPLE REST.GET.OBJECT a/b.txt "GET /app/a/b.txt HTTP/1.1" 200 - 113 113 7 6 "-" "S3Console/0.4" - hostid= SigV4 ECDHE-RSA-AES128-GCM-SHA256 AuthHeader app.s3.us-west-1.amazonaws.com TLSv1.2 - -`;

    it("creates a Glue table whose columns are the parser's fields, projected over the partitioned layout", async () => {
        const logs = new RegionalLogBucket("logs", { accountId: ACCOUNT, region: "eu-west-1", athena: true });
        await settle();
        assert.equal(logs.athena!.databaseName, "s3_access_logs_111111111111_eu_west_1");
        assert.equal(named("logs-athena-database").inputs.region, "eu-west-1");
        const table = named("logs-athena-table").inputs;
        assert.deepEqual(table.storageDescriptor.columns.map((c: { name: string }) => c.name), LOG_FIELDS.map((f) => f.column));
        assert.deepEqual(table.partitionKeys.map((p: { name: string }) => p.name), ["account", "region", "bucket", "day"]);
        assert.equal(table.storageDescriptor.location, "s3://s3-access-logs-111111111111-eu-west-1/access-logs/");
        assert.equal(table.parameters["projection.account.values"], ACCOUNT);
        assert.equal(table.parameters["projection.region.values"], "eu-west-1");
        assert.equal(table.parameters["projection.bucket.type"], "injected");
        assert.equal(table.parameters["storage.location.template"], "s3://s3-access-logs-111111111111-eu-west-1/access-logs/${account}/${region}/${bucket}/${day}");

        // The SerDe regex and the parser read a record the same way, field by field.
        const groups = new RegExp(table.storageDescriptor.serDeInfo.parameters["input.regex"]).exec(LINE)!;
        const record = parseLine(LINE) as unknown as Record<string, unknown>;
        LOG_FIELDS.forEach((f, i) => {
            const raw = groups[i + 1].replace(/^"(.*)"$/, "$1");
            if (f.kind === "plain" || f.kind === "quoted") assert.equal(raw === "-" ? null : raw, record[f.name], f.name);
        });
    });

    it("adds a workgroup writing results to its own prefix, and the named queries", async () => {
        new RegionalLogBucket("logs", { accountId: ACCOUNT, region: "us-east-1", athena: true, athenaOptions: { resultsPrefix: "query-results/" } });
        await settle();
        const wg = named("logs-athena-workgroup").inputs;
        assert.equal(wg.configuration.resultConfiguration.outputLocation, "s3://s3-access-logs-111111111111-us-east-1/query-results/");
        assert.equal(wg.configuration.enforceWorkgroupConfiguration, true);
        const queries = ofType("aws:athena/namedQuery:NamedQuery");
        assert.deepEqual(queries.map((q) => q.inputs.name), CATALOGUE.map((q) => q.name));
        for (const q of queries) assert.match(q.inputs.query, /FROM "s3_access_logs_111111111111_us_east_1"\."access_logs"/);
    });

    it("refuses Athena without partitioned keys, and results mixed with logs", async () => {
        const simple = { ...DEFAULT_NAMING, keyFormat: { kind: "simple" as const }, prefixTemplate: "{bucket}/" };
        assert.throws(() => new RegionalLogBucket("x", { accountId: ACCOUNT, region: "us-east-1", naming: simple, athena: true }), /athena: the Athena table projects partitions/);
        assert.throws(() => new RegionalLogBucket("y", { accountId: ACCOUNT, region: "us-east-1", athena: true, athenaOptions: { resultsPrefix: "access-logs/results/" } }), /athenaOptions.resultsPrefix: "access-logs\/results\/" overlaps/);
        assert.throws(() => new RegionalLogBucket("z", { accountId: ACCOUNT, region: "us-east-1", athena: true, athenaOptions: { firstDay: "2024-01-01" } }), /athenaOptions.firstDay: "2024-01-01" must be yyyy\/MM\/dd/);
        assert.throws(() => new AccessLogAthena("a", { bucketName: "b", targetPrefix: "access-logs/", accountId: ACCOUNT, region: "us-east-1", resultsPrefix: "access-logs/r/" }), { name: "InputError", field: "resultsPrefix" });
        // Named as the arguments are, and found before anything is created (registrations arrive asynchronously).
        await settle();
        assert.deepEqual(registered.filter((r) => r.type.startsWith("aws:")), []);
    });
});
