import { strict as assert } from "assert";
import { parseLine } from "../../logs/parser";
import { Summarizer } from "../../logs/summary";
import { TopCounts } from "../../logs/topCounts";

const LINE = (status: number, key: string, time: string, bytes: number) =>
    `owner app [${time} +0000] 192.0.2.1 arn:aws:iam::1:user/a REQ REST.GET.OBJECT ${key} "GET /app/${key} HTTP/1.1" ${status} ${status >= 400 ? "NoSuchKey" : "-"} ${bytes} - 1 1 "-" "ua" - host SigV4 - AuthHeader app.s3.amazonaws.com TLSv1.3 - -`;

describe("log summary", () => {
    it("bounded top counts keep the heavy hitters among many rare values", () => {
        // Values more frequent than 1/capacity survive pruning (here 10% and 4% against 1%).
        const top = new TopCounts(100);
        for (let i = 0; i < 5000; i++) {
            top.add(`rare-${i}`);
            if (i % 10 === 0) top.add("hot");
            if (i % 25 === 0) top.add("warm");
        }
        assert.deepEqual(top.top(2), [{ value: "hot", count: 500 }, { value: "warm", count: 200 }]);
        assert.ok(top.size <= 200, `held ${top.size} values`);
    });

    it("counts requests by status class, error code and key; bytes and time range", () => {
        const s = new Summarizer();
        s.add(parseLine(LINE(200, "a", "06/Feb/2019:00:00:38", 10)));
        s.add(parseLine(LINE(404, "b", "06/Feb/2019:00:01:00", 0)));
        s.add(parseLine(LINE(200, "a", "05/Feb/2019:23:59:59", 5)));
        const summary = s.summary();
        assert.equal(summary.requests, 3);
        assert.equal(summary.bytesSent, 15);
        assert.deepEqual([summary.from, summary.to], ["2019-02-05T23:59:59.000Z", "2019-02-06T00:01:00.000Z"]);
        assert.deepEqual(summary.byStatusClass, [{ value: "2xx", count: 2 }, { value: "4xx", count: 1 }]);
        assert.deepEqual(summary.errorCodes, [{ value: "NoSuchKey", count: 1 }]);
        assert.deepEqual(summary.topKeys, [{ value: "a", count: 2 }, { value: "b", count: 1 }]);
    });
});
