import { strict as assert } from "assert";
import { ListBucketsCommand } from "@aws-sdk/client-s3";
import { clientsFor, useMoto } from "./support";

describe("assumed-role credentials in a long run (moto)", function () {
    this.timeout(60_000);
    const { moto } = useMoto();

    it("an account's role credentials are assumed again after they near expiry, and calls there go on", async () => {
        const clients = clientsFor(moto().endpoint, "audit");
        const account = "210987654321";
        const first = await clients.credentials(account)();
        assert.ok(first.expiration, "moto's AssumeRole answers with an expiration");
        const realNow = Date.now;
        // 58 minutes into a run: the one-hour session is inside the refresh window.
        Date.now = () => realNow() + 58 * 60_000;
        try {
            const page = await clients.s3(account, "us-east-1").send(new ListBucketsCommand({ MaxBuckets: 1000 }));
            assert.deepEqual(page.Buckets ?? [], []);
        } finally {
            Date.now = realNow;
        }
        // moto's fresh credentials also expire an hour after the real clock, so under the moved clock
        // they too look near expiry: at least one AssumeRole more, not exactly one.
        assert.ok(clients.counter.counts.get("AssumeRole")! >= 2, "assumed again on refresh");
    });
});
