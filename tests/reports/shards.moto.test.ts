import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { CreateAccountCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { CreateBucketCommand, DeleteBucketCommand, PutBucketLoggingCommand, PutBucketPolicyCommand, S3Client } from "@aws-sdk/client-s3";
import { shardOf } from "../../discovery/accounts";
import { logBucketPolicy } from "../../engine";
import { DUMMY_CREDENTIALS, MANAGEMENT_ACCOUNT, seedDemoOrganization } from "../../demo/seedOrganization";
import { cli, clientsFor, useMoto } from "../audit/support";
import { comparable, readReport, tempDir } from "./support";

/**
 * Adds accounts (moto draws their IDs at random) until each of 3 shards has one, and a bucket
 * in one shard logging into a bucket of another: the case a shard cannot judge alone.
 */
async function spreadOverShards(endpoint: string, known: string[]): Promise<void> {
    const org = new OrganizationsClient({ endpoint, region: "us-east-1", credentials: DUMMY_CREDENTIALS });
    const accounts = [...known];
    const clients = clientsFor(endpoint, "audit");
    clients.setCallerAccount(MANAGEMENT_ACCOUNT);
    // The test seeds with plain clients: no mode declares what seeding does.
    const s3Of = (account: string) => new S3Client({ endpoint, region: "us-east-1", credentials: clients.credentials(account), forcePathStyle: true });
    for (let i = 0; new Set(accounts.map((a) => shardOf(a, 3))).size < 3; i++) {
        const id = (await org.send(new CreateAccountCommand({ AccountName: `spread${i}`, Email: `spread${i}@example.com` }))).CreateAccountStatus!.AccountId!;
        await s3Of(id).send(new CreateBucketCommand({ Bucket: `spread-${id}` }));
        accounts.push(id);
    }
    const source = accounts.find((a) => shardOf(a, 3) === 1)!;
    const owner = accounts.find((a) => shardOf(a, 3) === 2)!;
    const target = `cross-shard-logs-${owner}`;
    const bucket = `cross-shard-source-${source}`;
    const policy = (account: string) => JSON.stringify(logBucketPolicy({ bucket: target, region: "us-east-1", prefix: "logs/", sourceAccountId: account }));
    // moto accepts logging only into the source account's own bucket: the target changes owner afterwards (as in the demo).
    const s3 = s3Of(source);
    await s3.send(new CreateBucketCommand({ Bucket: target }));
    await s3.send(new PutBucketPolicyCommand({ Bucket: target, Policy: policy(source) }));
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(new PutBucketLoggingCommand({ Bucket: bucket, BucketLoggingStatus: { LoggingEnabled: { TargetBucket: target, TargetPrefix: "logs/" } } }));
    await s3.send(new DeleteBucketCommand({ Bucket: target }));
    await s3Of(owner).send(new CreateBucketCommand({ Bucket: target }));
    await s3Of(owner).send(new PutBucketPolicyCommand({ Bucket: target, Policy: policy(source) }));
}

describe("audit --shard and merge", function () {
    this.timeout(120_000);
    const { moto } = useMoto();

    it("three shards cover the organization once; their merge equals the single run", async () => {
        const demo = await seedDemoOrganization(moto().endpoint);
        await spreadOverShards(moto().endpoint, [demo.management, demo.prod, demo.dev]);
        const dir = tempDir("shards");
        const single = path.join(dir, "single.json");
        assert.equal((await cli(moto().endpoint, ["audit", "--format", "json", "--output", single])).code, 1);
        const shards = [1, 2, 3].map((i) => path.join(dir, `shard-${i}.json`));
        for (const [i, file] of shards.entries()) {
            assert.equal((await cli(moto().endpoint, ["audit", "--shard", `${i + 1}/3`, "--format", "json", "--output", file])).code <= 1, true);
        }
        // Disjoint, and every account of the single run is in the shard its ID names.
        const whole = readReport(single);
        const accounts = shards.map((f) => new Set(readReport(f).buckets.map((b) => b.accountId)));
        for (const [i, set] of accounts.entries()) for (const a of set) assert.equal(shardOf(a, 3), i + 1, `${a} in shard ${i + 1}`);
        assert.deepEqual(new Set(whole.buckets.map((b) => b.accountId)), new Set(accounts.flatMap((s) => [...s])));
        assert.ok(accounts.every((s) => s.size > 0), "every shard has accounts");

        const merged = path.join(dir, "merged.json");
        assert.equal((await cli(undefined, ["merge", ...shards, "--format", "json", "--output", merged])).code, 1);
        assert.deepEqual(comparable(readReport(merged)), comparable(whole));
        assert.ok(whole.findings.length > 5);
        // The bucket that logs across shards: its finding names the target's owner; the target is exempt as a log bucket.
        const cross = whole.findings.find((f) => f.bucket.startsWith("cross-shard-source-"))!;
        assert.equal(cross.ruleId, "target-other-account");
        assert.match(cross.message, /owned by \d{12}/);
        assert.equal(whole.buckets.find((b) => b.bucket.startsWith("cross-shard-logs-"))!.status, "exempt");
        assert.deepEqual(readReport(shards[1]).shard, { index: 2, count: 3 });
        // Every shard of one split, each once.
        const copy = path.join(path.dirname(shards[1]), "copy-of-shard-2.json");
        fs.copyFileSync(shards[1], copy);
        const refused: [string[], RegExp][] = [
            [[shards[0], shards[1]], /shard 3\/3 missing; give every shard's report/],
            [[shards[0], shards[1], shards[1], shards[2]], /shard-2.json is given twice; give each shard's report once/],
            [[shards[0], shards[1], copy, shards[2]], /shard-2.json and .*copy-of-shard-2.json are both shard 2\/3/],
            [[...shards, single], /single.json is not a shard, the others of 3 shards/],
        ];
        for (const [files, message] of refused) {
            const { code, err } = await cli(undefined, ["merge", ...files]);
            assert.equal(code, 2);
            assert.match(err, message);
        }
                // Any format renders from the merge.
        const sarif = await cli(undefined, ["merge", ...shards, "--format", "sarif"]);
        assert.equal(JSON.parse(sarif.out).runs[0].results.length, whole.findings.length);
    });

    it("bad input: a clear message and exit 2, before any AWS call", async () => {
        const dir = tempDir("merge-bad");
        const notReport = path.join(dir, "x.json");
        fs.writeFileSync(notReport, '{"hello": 1}');
        const notJson = path.join(dir, "y.json");
        fs.writeFileSync(notJson, "nope");
        const cases: [string[], RegExp][] = [
            [["merge", path.join(dir, "missing.json")], /REPORT: .*missing.json does not exist/],
            [["merge", notReport], /REPORT: .*x.json is not an audit report of schema version 1/],
            [["merge", notJson], /REPORT: .*y.json is not JSON/],
            [["audit", "--shard", "4/3"], /--shard: "4\/3" is not a shard/],
            [["audit", "--no-org", "--shard", "1/2"], /--shard: splits the organization's accounts/],
            // Security Hub takes a finding only from its own account (BatchImportFindings), so there is no "import into another account".
            [["audit", "--security-hub", "--security-hub-account", "111111111111"], /unknown option '--security-hub-account'/],
            [["audit", "--account-concurrency", "0"], /--account-concurrency: "0" must be a whole number from 1 to 256/],
            [["logs", "--file", notJson, "--records", "--format", "html"], /--format: html is the summary page \(it already shows the catalogue's answers\); drop --records/],
        ];
        for (const [argv, message] of cases) {
            const { code, err } = await cli("http://127.0.0.1:9", argv);
            assert.equal(code, 2, argv.join(" "));
            assert.match(err, message);
            assert.doesNotMatch(err, /\n\s+at /, "no stack trace");
        }
    });

    it("merging the same shard twice is refused", async () => {
        await seedDemoOrganization(moto().endpoint);
        const file = path.join(tempDir("dup"), "s.json");
        await cli(moto().endpoint, ["audit", "--format", "json", "--output", file]);
        fs.copyFileSync(file, file.replace("s.json", "t.json"));
        const again = await cli(undefined, ["merge", file, file.replace("s.json", "t.json")]);
        assert.equal(again.code, 2);
        assert.match(again.err, /is in both .*s.json and .*t.json; merge the reports of disjoint shards/);
    });
});
