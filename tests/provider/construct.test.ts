import { strict as assert } from "assert";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as pb from "@pulumi/pulumi/proto/provider_pb";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import { LOG_BUCKET_TAG } from "../../engine";
import { EngineRecord, MockEngine, Registration, RunningProvider, startEngine, startProvider } from "./providerProcess";

const STACK = "dev";
const PROJECT = "consumer";
const STACK_URN = `urn:pulumi:${STACK}::${PROJECT}::pulumi:pulumi:Stack::${PROJECT}-${STACK}`;
const ACCOUNT = "111111111111";
const LOGS = `s3-access-logs-${ACCOUNT}-eu-west-1`;
// An account's provider, registered by the consumer program and passed to a component in `providers`.
const ACCOUNT_PROVIDER = { urn: `urn:pulumi:${STACK}::${PROJECT}::pulumi:providers:aws::account-222222222222`, id: "provider-id", state: { region: "us-east-1" } };
// How a property struct marks a resource reference: the signature key and its value.
const SIGNATURE = "4dabf18193072939515e22adb298388d";
const RESOURCE_REFERENCE = "5cf8f73096256a8f31e491e813e4eb8e";
const OUTPUT_VALUE = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
/** An output value as a consumer's SDK sends it to a Construct that accepts output values. */
const outputValue = (value: string, dependencies: string[] = []) => ({ [SIGNATURE]: OUTPUT_VALUE, value, dependencies });

function unary<Req, Res>(client: ResourceProviderClient, method: "getSchema" | "getPluginInfo" | "construct", request: Req): Promise<Res> {
    const fn = client[method].bind(client) as unknown as (r: Req, cb: (e: Error | null, res: Res) => void) => void;
    return new Promise((resolve, reject) => fn(request, (e, res) => (e ? reject(e) : resolve(res))));
}

/** A ConstructRequest as the engine sends it for a component declared at the top of a program. */
function constructRequest(monitor: string, type: string, name: string, inputs: Record<string, unknown>, providers: Record<string, string> = {}): pb.ConstructRequest {
    const req = new pb.ConstructRequest()
        .setProject(PROJECT).setStack(STACK).setOrganization("acme").setDryrun(false).setParallel(8)
        .setMonitorendpoint(monitor).setType(`s3-access-logging:index:${type}`).setName(name).setParent(STACK_URN)
        .setInputs(Struct.fromJavaScript(inputs as never)).setAcceptsOutputValues(true);
    req.getConfigMap().set("aws:region", "eu-west-1");
    for (const [pkg, ref] of Object.entries(providers)) req.getProvidersMap().set(pkg, ref);
    return req;
}

describe("component provider over the provider gRPC protocol (spawned as the CLI does)", function () {
    this.timeout(240_000);
    let engine: MockEngine;
    let provider: RunningProvider;
    let record: EngineRecord;
    const construct = (type: string, name: string, inputs: Record<string, unknown>, providers?: Record<string, string>) =>
        unary<pb.ConstructRequest, pb.ConstructResponse>(provider.client, "construct", constructRequest(engine.monitorAddress, type, name, inputs, providers));
    const children = (parentUrn: string) => record.registrations.filter((r) => r.parent === parentUrn);
    /** The custom (non-component) resource of that name. */
    const child = (name: string): Registration => {
        const found = record.registrations.find((r) => r.name === name && r.custom);
        assert.ok(found, `no registration named ${name}; have ${record.registrations.map((r) => r.name).join(", ")}`);
        return found;
    };

    before(async () => {
        engine = await startEngine(STACK, PROJECT, [ACCOUNT_PROVIDER]);
        record = engine.record;
        provider = await startProvider(engine.engineAddress);
    });
    after(() => {
        provider?.stop();
        engine?.stop();
    });
    beforeEach(() => {
        record.registrations.length = 0;
        record.outputs.clear();
    });

    it("GetPluginInfo and GetSchema: the package version and the three components", async () => {
        const info = await unary<Empty, PluginInfo>(provider.client, "getPluginInfo", new Empty());
        assert.equal(info.getVersion(), "0.1.0");
        const res = await unary<pb.GetSchemaRequest, pb.GetSchemaResponse>(provider.client, "getSchema", new pb.GetSchemaRequest());
        const schema = JSON.parse(res.getSchema());
        assert.equal(schema.name, "s3-access-logging");
        assert.deepEqual(Object.keys(schema.resources).sort(), [
            "s3-access-logging:index:AccountLogBuckets", "s3-access-logging:index:BucketAccessLogging", "s3-access-logging:index:RegionalLogBucket",
        ]);
        assert.deepEqual(Object.keys(schema.resources["s3-access-logging:index:RegionalLogBucket"].inputProperties).sort(), [
            "accountId", "athena", "athenaOptions", "expirationDays", "forceDestroy", "naming", "region", "tags", "transition",
        ]);
    });

    it("Construct RegionalLogBucket: registers the hardened bucket's children under the component and returns its outputs", async () => {
        const res = await construct("RegionalLogBucket", "logs", { accountId: ACCOUNT, region: "eu-west-1", expirationDays: 90, tags: { team: "platform" } });
        const urn = "urn:pulumi:dev::consumer::s3-access-logging:index:RegionalLogBucket::logs";
        assert.equal(res.getUrn(), urn);

        const component = record.registrations[0];
        assert.deepEqual([component.type, component.name, component.custom, component.parent], ["s3-access-logging:index:RegionalLogBucket", "logs", false, STACK_URN]);
        assert.deepEqual(children(urn).map((r) => [r.type, r.name]), [
            ["aws:s3/bucket:Bucket", "logs"],
            ["aws:s3/bucketOwnershipControls:BucketOwnershipControls", "logs-ownership"],
            ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "logs-public-access"],
            ["aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "logs-encryption"],
            ["aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "logs-lifecycle"],
            ["aws:s3/bucketPolicy:BucketPolicy", "logs-policy"],
        ]);
        assert.ok(children(urn).every((r) => r.custom && r.inputs.region === "eu-west-1"), "custom resources pinned to the Region");

        const bucket = child("logs").inputs;
        assert.equal(bucket.bucket, LOGS);
        assert.deepEqual(bucket.tags, { team: "platform", [LOG_BUCKET_TAG.key]: LOG_BUCKET_TAG.value });
        const pab = child("logs-public-access").inputs;
        assert.deepEqual([pab.bucket, pab.blockPublicAcls, pab.blockPublicPolicy, pab.ignorePublicAcls, pab.restrictPublicBuckets], [LOGS, true, true, true, true]);
        assert.deepEqual(child("logs-ownership").inputs.rule, { objectOwnership: "BucketOwnerEnforced" });
        assert.equal(child("logs-lifecycle").inputs.rules[0].expiration.days, 90);

        const policy = child("logs-policy");
        const [delivery, tls] = JSON.parse(policy.inputs.policy).Statement;
        assert.deepEqual(
            [delivery.Sid, delivery.Effect, delivery.Principal, delivery.Action, delivery.Resource, delivery.Condition],
            ["S3ServerAccessLogsAccessLogs", "Allow", { Service: "logging.s3.amazonaws.com" }, "s3:PutObject", `arn:aws:s3:::${LOGS}/access-logs/*`, { StringEquals: { "aws:SourceAccount": ACCOUNT } }],
        );
        assert.deepEqual([tls.Sid, tls.Effect], ["DenyInsecureTransport", "Deny"]);
        // The policy waits for the public access block and the ownership controls, not only the bucket.
        assert.deepEqual(policy.dependencies.sort(), [child("logs").urn, child("logs-ownership").urn, child("logs-public-access").urn].sort());

        const state = res.getState()!.toJavaScript() as Record<string, any>;
        assert.deepEqual([state.bucketName, state.region, state.targetPrefix, state.arn], [LOGS, "eu-west-1", "access-logs/", `arn:aws:s3:::${LOGS}`]);
        assert.deepEqual([state.bucket[SIGNATURE], state.bucket.urn], [RESOURCE_REFERENCE, child("logs").urn]);
        assert.equal(state.athena, undefined);
        assert.equal(record.outputs.get(urn)?.bucketName, LOGS);
    });

    it("Construct RegionalLogBucket with enum-valued naming and Athena, as another language sends them", async () => {
        const res = await construct("RegionalLogBucket", "logs", {
            accountId: ACCOUNT, region: "eu-west-1", athena: true, athenaOptions: { resultsPrefix: "query-results/" },
            naming: { nameTemplate: "logs-{accountId}-{region}", prefixTemplate: "raw/", keyFormat: { kind: "partitioned", dateSource: "DeliveryTime" } },
        });
        const state = res.getState()!.toJavaScript() as Record<string, any>;
        assert.deepEqual([state.bucketName, state.targetPrefix], [`logs-${ACCOUNT}-eu-west-1`, "raw/"]);
        assert.deepEqual(state.athena, { databaseName: `s3_access_logs_${ACCOUNT}_eu_west_1`, workgroupName: "s3-access-logs-eu-west-1" });
        assert.equal(child("logs-athena-workgroup").inputs.configuration.resultConfiguration.outputLocation, `s3://logs-${ACCOUNT}-eu-west-1/query-results/`);
    });

    it("Construct AccountLogBuckets: a log bucket per Region through the account's provider, names by Region", async () => {
        const account = `${ACCOUNT_PROVIDER.urn}::${ACCOUNT_PROVIDER.id}`;
        const res = await construct("AccountLogBuckets", "acct", { accountId: "222222222222", regions: ["us-east-1", "ap-southeast-2"] }, { aws: account });
        const state = res.getState()!.toJavaScript() as Record<string, any>;
        assert.deepEqual(state.bucketNames, {
            "us-east-1": "s3-access-logs-222222222222-us-east-1", "ap-southeast-2": "s3-access-logs-222222222222-ap-southeast-2",
        });
        const regional = children(res.getUrn()).map((r) => [r.type, r.name]);
        assert.deepEqual(regional, [
            ["s3-access-logging:index:RegionalLogBucket", "acct-us-east-1"], ["s3-access-logging:index:RegionalLogBucket", "acct-ap-southeast-2"],
        ]);
        const buckets = record.registrations.filter((r) => r.type === "aws:s3/bucket:Bucket");
        assert.deepEqual(buckets.map((b) => b.urn), [
            "urn:pulumi:dev::consumer::s3-access-logging:index:AccountLogBuckets$s3-access-logging:index:RegionalLogBucket$aws:s3/bucket:Bucket::acct-us-east-1",
            "urn:pulumi:dev::consumer::s3-access-logging:index:AccountLogBuckets$s3-access-logging:index:RegionalLogBucket$aws:s3/bucket:Bucket::acct-ap-southeast-2",
        ]);
        const custom = record.registrations.filter((r) => r.custom);
        assert.equal(custom.length, 12);
        assert.ok(custom.every((r) => r.provider === account), "every AWS resource uses the account's provider");
    });

    it("Construct BucketAccessLogging: the logging resource into the named log bucket", async () => {
        const res = await construct("BucketAccessLogging", "app", {
            source: "app-assets", region: "eu-west-1", accountId: ACCOUNT, logBucket: { bucketName: LOGS, region: "eu-west-1" },
        });
        const urn = "urn:pulumi:dev::consumer::s3-access-logging:index:BucketAccessLogging::app";
        assert.equal(res.getUrn(), urn);
        const [logging] = children(urn);
        assert.equal(logging.type, "aws:s3/bucketLogging:BucketLogging");
        assert.deepEqual(
            [logging.inputs.bucket, logging.inputs.targetBucket, logging.inputs.targetPrefix, logging.inputs.expectedBucketOwner, logging.inputs.targetObjectKeyFormat],
            ["app-assets", LOGS, "access-logs/", ACCOUNT, { partitionedPrefix: { partitionDateSource: "EventTime" } }],
        );
    });

    it("Construct BucketAccessLogging: the log bucket given as a RegionalLogBucket's outputs, as Python or YAML pass `logs.bucketName`", async () => {
        const logsUrn = "urn:pulumi:dev::consumer::s3-access-logging:index:RegionalLogBucket::logs";
        await construct("BucketAccessLogging", "app", {
            source: "app-assets", region: "eu-west-1", accountId: ACCOUNT, logBucket: { bucketName: outputValue(LOGS, [logsUrn]), region: outputValue("eu-west-1", [logsUrn]) },
        });
        const logging = child("app");
        assert.deepEqual([logging.inputs.targetBucket, logging.inputs.targetPrefix], [LOGS, "access-logs/"]);
        assert.ok(logging.dependencies.includes(logsUrn), "the logging waits for the log bucket");
    });

    it("Construct refuses a cross-Region log bucket given as outputs, with the input named", async () => {
        await assert.rejects(construct("BucketAccessLogging", "bad", {
            source: "app", region: "eu-west-1", accountId: ACCOUNT, logBucket: { bucketName: outputValue("logs"), region: outputValue("us-east-1") },
        }), /logBucket: logs is in us-east-1 but the source is in eu-west-1/);
        assert.deepEqual(record.registrations.filter((r) => r.custom), []);
    });

    const refused: [string, string, Record<string, unknown>, RegExp][] = [
        ["a malformed account", "RegionalLogBucket", { accountId: "1234", region: "eu-west-1" }, /accountId: "1234" is not an AWS account ID/],
        ["a key format outside the enum", "RegionalLogBucket", {
            accountId: ACCOUNT, region: "eu-west-1", naming: { nameTemplate: "l-{accountId}-{region}", prefixTemplate: "p/", keyFormat: { kind: "hourly" } },
        }, /naming\.keyFormat\.kind: "hourly" is not a key format; use simple or partitioned/],
        ["a cross-Region target", "BucketAccessLogging", {
            source: "app", region: "eu-west-1", accountId: ACCOUNT, logBucket: { bucketName: "logs", region: "us-east-1" },
        }, /logBucket: logs is in us-east-1 but the source is in eu-west-1/],
    ];
    for (const [what, type, inputs, message] of refused) {
        it(`Construct refuses ${what} with the input named, before any AWS resource`, async () => {
            await assert.rejects(construct(type, "bad", inputs), message);
            assert.deepEqual(record.registrations.filter((r) => r.custom), []);
        });
    }
});
