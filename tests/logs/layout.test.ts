import { strict as assert } from "assert";
import { isLogKey, keyStamp, parseDuration, prefixIsShared, rangeSince } from "../../logs/layout";

const source = { bucket: "app", accountId: "111111111111", region: "eu-west-1" };

describe("log key layout", () => {
    it("simple keys: one listing starting after the time stamp of `since`, of stamped names only", () => {
        const since = new Date("2026-11-20T10:05:03Z");
        const range = rangeSince({ targetBucket: "t", targetPrefix: "logs/app", source }, since);
        assert.deepEqual([range.prefix, range.startAfter], ["logs/app", "logs/app2026-11-20-10-05-03"]);
        assert.equal(keyStamp(since), "2026-11-20-10-05-03");
        // "logs/app" also starts bucket apps' prefix; query results may share an empty one.
        assert.deepEqual(["logs/app2026-11-20-10-06-00-0A1B", "logs/apps2026-11-20-10-06-00-0A1B", "logs/app/2026-11-20-10-06-00-0A1B"].map((k) => isLogKey(range, k)), [true, false, false]);
    });
    it("partitioned keys: one listing from the day of `since` on, whatever the window's length (delivery time: from its stamp)", () => {
        const location = { targetBucket: "t", targetPrefix: "access-logs/", keyFormat: { kind: "partitioned" as const, dateSource: "DeliveryTime" as const }, source };
        const base = "access-logs/111111111111/eu-west-1/app/";
        const range = rangeSince(location, new Date("2026-11-19T23:00:00Z"));
        assert.deepEqual([range.prefix, range.startAfter], [base, `${base}2026/11/19/2026-11-19-23-00-00`]);
        // Keys sort by day, then by time: later days follow in the same listing.
        for (const key of [`${base}2026/11/19/2026-11-19-23-10-00-0A1B`, `${base}2026/11/21/2026-11-21-08-00-00-0A1B`]) assert.ok(key > range.startAfter && isLogKey(range, key), key);
        assert.ok(`${base}2026/11/19/2026-11-19-22-59-00-0A1B` < range.startAfter);
        assert.equal(isLogKey(range, `${base}2026/11/19/athena/out.csv`), false);
    });
    it("partitioned keys dated by event time: every object of the first day is listed, whatever the hour of `since`", () => {
        // PutBucketLogging API reference: with EventTime "the hour, minutes and seconds are set to 00 in the key".
        const location = { targetBucket: "t", targetPrefix: "access-logs/", keyFormat: { kind: "partitioned" as const, dateSource: "EventTime" as const }, source };
        const base = "access-logs/111111111111/eu-west-1/app/";
        const key = `${base}2026/11/20/2026-11-20-00-00-00-0123456789ABCDEF`;
        for (const since of ["2026-11-20T10:05:03Z", "2026-11-20T23:00:00Z"]) {
            const range = rangeSince(location, new Date(since));
            assert.ok(key.startsWith(range.prefix) && key > range.startAfter && isLogKey(range, key), since);
        }
        // The day before is not listed.
        assert.ok(`${base}2026/11/19/2026-11-19-00-00-00-0123456789ABCDEF` < rangeSince(location, new Date("2026-11-20T00:00:00Z")).startAfter);
    });
    it("a simple prefix that does not name the source as a folder is shared", () => {
        assert.equal(prefixIsShared({ targetBucket: "t", targetPrefix: "logs/", source }), true);
        assert.equal(prefixIsShared({ targetBucket: "t", targetPrefix: "logs/app/", source }), false);
        // Only a folder of its own names the source: "app-logs/" may serve every bucket, "logs/app" starts "logs/apps" too.
        assert.equal(prefixIsShared({ targetBucket: "t", targetPrefix: "app-logs/", source }), true);
        assert.equal(prefixIsShared({ targetBucket: "t", targetPrefix: "logs/app", source }), true);
        assert.equal(prefixIsShared({ targetBucket: "t", targetPrefix: "logs/", keyFormat: { kind: "partitioned", dateSource: "EventTime" }, source }), false);
    });
    it("parses durations and names the flag otherwise", () => {
        assert.equal(parseDuration("30m", "--since"), 1_800_000);
        assert.equal(parseDuration("7d", "--since"), 604_800_000);
        assert.throws(() => parseDuration("0h", "--max-age"), /--max-age: "0h" is not a duration/);
        // The longest span a Date can go back: 100,000,000 days.
        assert.equal(parseDuration("100000000d", "--since"), 8.64e15);
        assert.throws(() => parseDuration("100000001d", "--since"), /--since: "100000001d" is too long/);
    });
});
