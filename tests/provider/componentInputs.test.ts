import "../pulumi/mocks";
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { BucketAccessLogging, KeyFormatKind, LogNaming, namingConvention, PartitionDateSource, validateRegionalLogBucketArgs } from "../../components";
import { DEFAULT_NAMING } from "../../engine";
import { settle } from "../pulumi/mocks";

const ACCOUNT = "111111111111";
const naming = (keyFormat: unknown): LogNaming => ({ nameTemplate: "logs-{accountId}-{region}", prefixTemplate: "{bucket}/", keyFormat } as LogNaming);

// Inputs from Python, Go, .NET, Java or YAML reach the components without TypeScript's checks.
describe("component inputs as other languages send them", () => {
    it("absent naming is DEFAULT_NAMING; every enum value the schema offers is accepted", () => {
        assert.equal(namingConvention(undefined), DEFAULT_NAMING);
        assert.deepEqual(namingConvention(naming({ kind: KeyFormatKind.Simple })).keyFormat, { kind: "simple" });
        for (const dateSource of Object.values(PartitionDateSource)) {
            assert.deepEqual(namingConvention(naming({ kind: KeyFormatKind.Partitioned, dateSource })).keyFormat, { kind: "partitioned", dateSource });
        }
        assert.deepEqual(namingConvention(naming({ kind: "partitioned" })).keyFormat, { kind: "partitioned", dateSource: "EventTime" }, "EventTime by default");
    });

    const refused: [string, unknown, RegExp][] = [
        ["no key format", undefined, /naming\.keyFormat\.kind: "undefined" is not a key format; use simple or partitioned/],
        ["a date source on simple keys", { kind: "simple", dateSource: "EventTime" }, /naming\.keyFormat\.dateSource: applies only to partitioned keys/],
        ["an unknown date source", { kind: "partitioned", dateSource: "Tomorrow" }, /naming\.keyFormat\.dateSource: "Tomorrow" is not a date source; use EventTime or DeliveryTime/],
    ];
    for (const [what, keyFormat, message] of refused) {
        it(`refuses ${what}, naming the field`, () => assert.throws(() => namingConvention(naming(keyFormat)), message));
    }

    it("refuses a naming without its templates", () => {
        assert.throws(() => namingConvention({ keyFormat: { kind: "simple" } } as LogNaming), /naming\.nameTemplate: is required/);
    });

    it("refuses Athena options without Athena", () => {
        assert.throws(() => validateRegionalLogBucketArgs({ accountId: ACCOUNT, region: "us-east-1", athenaOptions: { resultsPrefix: "q/" } }), /athenaOptions: they only tune the Athena resources; set athena to true/);
    });

    it("refuses a source known only at deployment that turns out to be the log bucket itself", async () => {
        const logging = new BucketAccessLogging("late-self", {
            source: pulumi.output("logs").apply((b) => b), region: "us-east-1", accountId: ACCOUNT, logBucket: { bucketName: "logs", region: "us-east-1" },
        });
        await settle();
        await assert.rejects((logging.logging.targetPrefix as unknown as { promise(): Promise<string> }).promise(), /logBucket: logs is the source bucket itself/);
    });
});
