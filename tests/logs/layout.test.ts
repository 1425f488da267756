import { strict as assert } from "assert";
import { keyStamp, parseDuration, prefixIsShared, rangesSince } from "../../logs/layout";

const source = { bucket: "app", accountId: "111111111111", region: "eu-west-1" };

describe("log key layout", () => {
    it("simple keys: one range starting after the time stamp of `since`", () => {
        const since = new Date("2026-11-20T10:05:03Z");
        assert.deepEqual(rangesSince({ targetBucket: "t", targetPrefix: "logs/app/", source }, since, new Date("2026-11-21T00:00:00Z")), [
            { prefix: "logs/app/", startAfter: "logs/app/2026-11-20-10-05-03" },
        ]);
        assert.equal(keyStamp(since), "2026-11-20-10-05-03");
    });
    it("partitioned keys: one range per day, the first starting after `since`", () => {
        const location = { targetBucket: "t", targetPrefix: "access-logs/", keyFormat: { kind: "partitioned" as const, dateSource: "EventTime" as const }, source };
        const ranges = rangesSince(location, new Date("2026-11-19T23:00:00Z"), new Date("2026-11-21T08:00:00Z"));
        const base = "access-logs/111111111111/eu-west-1/app/";
        assert.deepEqual(ranges, [
            { prefix: `${base}2026/11/19/`, startAfter: `${base}2026/11/19/2026-11-19-23-00-00` },
            { prefix: `${base}2026/11/20/` },
            { prefix: `${base}2026/11/21/` },
        ]);
    });
    it("a simple prefix that does not name the source is shared", () => {
        assert.equal(prefixIsShared({ targetBucket: "t", targetPrefix: "logs/", source }), true);
        assert.equal(prefixIsShared({ targetBucket: "t", targetPrefix: "logs/app/", source }), false);
        assert.equal(prefixIsShared({ targetBucket: "t", targetPrefix: "logs/", keyFormat: { kind: "partitioned", dateSource: "EventTime" }, source }), false);
    });
    it("parses durations and names the flag otherwise", () => {
        assert.equal(parseDuration("30m", "--since"), 1_800_000);
        assert.equal(parseDuration("7d", "--since"), 604_800_000);
        assert.throws(() => parseDuration("0h", "--max-age"), /--max-age: "0h" is not a duration/);
    });
});
