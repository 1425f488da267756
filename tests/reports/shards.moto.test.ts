import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { shardOf } from "../../discovery/accounts";
import { seedDemoOrganization } from "../../demo/seedOrganization";
import { useMoto } from "../audit/support";
import { cli, comparable, readReport, tempDir } from "./support";

describe("audit --shard and merge", function () {
    this.timeout(120_000);
    const { moto } = useMoto();

    it("three shards cover the organization once; their merge equals the single run", async () => {
        await seedDemoOrganization(moto().endpoint);
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
        assert.ok(accounts.filter((s) => s.size > 0).length >= 2, "the demo organization spreads over several shards");

        const merged = path.join(dir, "merged.json");
        assert.equal((await cli(undefined, ["merge", ...shards, "--format", "json", "--output", merged])).code, 1);
        assert.deepEqual(comparable(readReport(merged)), comparable(whole));
        assert.ok(whole.findings.length > 5);
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
            [["audit", "--security-hub-account", "111111111111"], /--security-hub-account: only applies to the import/],
            [["audit", "--security-hub", "--security-hub-account", "12"], /--security-hub-account: "12" is not an AWS account ID/],
            [["audit", "--account-concurrency", "0"], /--account-concurrency: "0" must be a whole number from 1 to 256/],
            [["logs", "--file", notJson, "--records", "--format", "html"], /--records: records come as table, json or csv/],
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
