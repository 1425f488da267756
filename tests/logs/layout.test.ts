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
    it("partitioned keys: one range per day, the first starting after `since` (delivery time)", () => {
        const location = { targetBucket: "t", targetPrefix: "access-logs/", keyFormat: { kind: "partitioned" as const, dateSource: "DeliveryTime" as const }, source };
        const ranges = rangesSince(location, new Date("2026-11-19T23:00:00Z"), new Date("2026-11-21T08:00:00Z"));
        const base = "access-logs/111111111111/eu-west-1/app/";
        assert.deepEqual(ranges, [
            { prefix: `${base}2026/11/19/`, startAfter: `${base}2026/11/19/2026-11-19-23-00-00` },
            { prefix: `${base}2026/11/20/` },
            { prefix: `${base}2026/11/21/` },
        ]);
    });
    it("partitioned keys dated by event time: every object of the first day is listed, whatever the hour of `since`", () => {
        // PutBucketLogging API reference: with EventTime "the hour, minutes and seconds are set to 00 in the key".
        const location = { targetBucket: "t", targetPrefix: "access-logs/", keyFormat: { kind: "partitioned" as const, dateSource: "EventTime" as const }, source };
        const base = "access-logs/111111111111/eu-west-1/app/";
        const key = `${base}2026/11/20/2026-11-20-00-00-00-0123456789ABCDEF`;
        const listed = (ranges: { prefix: string; startAfter?: string }[]) => ranges.some((r) => key.startsWith(r.prefix) && (r.startAfter === undefined || key > r.startAfter));
        assert.ok(listed(rangesSince(location, new Date("2026-11-20T10:05:03Z"), new Date("2026-11-20T12:00:00Z"))));
        assert.ok(listed(rangesSince(location, new Date("2026-11-20T23:00:00Z"), new Date("2026-11-21T08:00:00Z"))));
        // Delivery-time keys carry the delivery time: the first day still starts after `since`.
        const delivery = { ...location, keyFormat: { kind: "partitioned" as const, dateSource: "DeliveryTime" as const } };
        assert.deepEqual(rangesSince(delivery, new Date("2026-11-20T10:05:03Z"), new Date("2026-11-20T12:00:00Z")), [
            { prefix: `${base}2026/11/20/`, startAfter: `${base}2026/11/20/2026-11-20-10-05-03` },
        ]);
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
    });
});
