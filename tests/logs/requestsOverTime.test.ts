import { strict as assert } from "assert";
import { RequestsOverTime } from "../../logs/requestsOverTime";

describe("requests over time (the logs page's timeline)", () => {
    it("a window of more than 100,000 active minutes (three months of steady traffic) is charted, not a stack overflow", () => {
        const overTime = new RequestsOverTime();
        const start = Date.parse("2025-01-01T00:00:00.000Z");
        for (let i = 0; i < 200_000; i++) overTime.add(new Date(start + i * 60_000).toISOString());
        const series = overTime.series();
        assert.ok(series.length <= 240);
        assert.equal(series.reduce((n, p) => n + p.requests, 0), 200_000);
    });
});
