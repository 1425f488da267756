import { strict as assert } from "assert";
import {
    bucketArn, bucketNameProblem, DEFAULT_NAMING, logBucketName, normalizeRegion, parseKeyFormat,
    partitionOf, targetPrefix, validateNaming,
} from "../../engine";

describe("naming convention", () => {
    it("renders the default regional log bucket name", () => {
        assert.equal(logBucketName(DEFAULT_NAMING, "123456789012", "eu-west-1"), "s3-access-logs-123456789012-eu-west-1");
    });
    it("renders prefixes with the source bucket", () => {
        const naming = { ...DEFAULT_NAMING, prefixTemplate: "{accountId}/{bucket}/" };
        assert.equal(targetPrefix(naming, { bucket: "app", accountId: "1", region: "us-east-1" }), "1/app/");
    });
    const bad: [string, Partial<typeof DEFAULT_NAMING>, RegExp][] = [
        ["an unknown variable", { nameTemplate: "logs-{account}-{region}" }, /nameTemplate "logs-\{account\}-\{region\}" uses unknown variable \{account\}/],
        ["a template without {region}", { nameTemplate: "logs-{accountId}" }, /must contain \{region\}/],
        ["upper case letters", { nameTemplate: "Logs-{accountId}-{region}" }, /may contain only lowercase/],
        ["a name that is too long", { nameTemplate: "a-very-long-access-log-bucket-name-for-{accountId}-in-{region}" }, /must be 3 to 63 characters long/],
        ["a reserved suffix", { nameTemplate: "{accountId}-{region}-s3alias" }, /must not end with "-s3alias"/],
        ["a simple key format with a shared prefix", { keyFormat: { kind: "simple" } }, /must contain \{bucket\} with keyFormat "simple"/],
        ["a prefix with a leading slash", { prefixTemplate: "/logs/" }, /must not start with "\/"/],
    ];
    for (const [what, change, message] of bad) {
        it(`rejects ${what}, naming the template`, () => {
            assert.throws(() => validateNaming({ ...DEFAULT_NAMING, ...change }), message);
        });
    }
    it("accepts the default", () => validateNaming(DEFAULT_NAMING));
    it("parses key formats and names the field when it cannot", () => {
        assert.deepEqual(parseKeyFormat("simple"), { kind: "simple" });
        assert.deepEqual(parseKeyFormat("partitioned-delivery-time"), { kind: "partitioned", dateSource: "DeliveryTime" });
        assert.throws(() => parseKeyFormat("daily", "s3-access-logging:keyFormat"), /s3-access-logging:keyFormat "daily" is not a key format/);
    });
});

describe("bucket name rules", () => {
    const cases: [string, RegExp | undefined][] = [
        ["my-bucket.logs", undefined],
        ["ab", /3 to 63/],
        ["my_bucket", /only lowercase/],
        ["-bucket", /begin and end/],
        ["a..b", /adjacent dots/],
        ["192.168.5.4", /IP address/],
        ["xn--bucket", /must not start with "xn--"/],
        ["bucket--x-s3", /must not end with "--x-s3"/],
    ];
    for (const [name, problem] of cases) {
        it(`${name}: ${problem ?? "valid"}`, () => {
            const found = bucketNameProblem(name);
            if (problem) assert.match(found ?? "", problem);
            else assert.equal(found, undefined);
        });
    }
});

describe("Regions and ARNs", () => {
    it("normalises GetBucketLocation answers", () => {
        assert.equal(normalizeRegion(null), "us-east-1");
        assert.equal(normalizeRegion(""), "us-east-1");
        assert.equal(normalizeRegion("EU"), "eu-west-1");
        assert.equal(normalizeRegion("ap-south-1"), "ap-south-1");
    });
    it("builds partition-aware bucket ARNs", () => {
        assert.equal(bucketArn("b", "us-east-1"), "arn:aws:s3:::b");
        assert.equal(bucketArn("b", "cn-north-1"), "arn:aws-cn:s3:::b");
        assert.equal(bucketArn("b", "us-gov-west-1"), "arn:aws-us-gov:s3:::b");
        assert.equal(partitionOf("eusc-de-east-1"), "aws-eusc");
    });
});
