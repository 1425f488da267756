import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { DUMMY_CREDENTIALS, MANAGEMENT_ACCOUNT } from "../../demo/seedOrganization";
import { downloadLogs, logDeliveredSince } from "../../logs/fetchLogs";
import { keyStamp, LogLocation } from "../../logs/layout";
import { clientsFor, useMoto } from "../audit/support";

const source = { bucket: "app", accountId: MANAGEMENT_ACCOUNT, region: "us-east-1" };
const pad = (n: number) => String(n).padStart(2, "0");
const dayPath = (t: Date) => `${t.getUTCFullYear()}/${pad(t.getUTCMonth() + 1)}/${pad(t.getUTCDate())}/`;
const midnight = (t: Date) => new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate()));
/** Where app's partitioned log objects are, dated by `dateSource`, and the prefix of their keys. */
const partitioned = (dateSource: "EventTime" | "DeliveryTime"): LogLocation => ({ targetBucket: "logs-target", targetPrefix: "access-logs/", keyFormat: { kind: "partitioned", dateSource }, source });
const BASE = `access-logs/${MANAGEMENT_ACCOUNT}/us-east-1/app/`;

describe("listing and downloading log objects (moto)", function () {
    this.timeout(60_000);
    const { moto } = useMoto();
    let s3: S3Client;
    let dir: string;

    beforeEach(async () => {
        s3 = new S3Client({ endpoint: moto().endpoint, region: "us-east-1", credentials: DUMMY_CREDENTIALS, forcePathStyle: true });
        await s3.send(new CreateBucketCommand({ Bucket: "logs-target" }));
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "fetch-"));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    const put = (...keys: string[]) => Promise.all(keys.map((Key) => s3.send(new PutObjectCommand({ Bucket: "logs-target", Key, Body: "x\n" }))));
    const clients = () => {
        const c = clientsFor(moto().endpoint, "logs");
        c.setCallerAccount(MANAGEMENT_ACCOUNT);
        return c;
    };
    const listed = async (location: LogLocation, since: Date) => [...(await downloadLogs(clients(), location, since, dir)).values()].sort();

    it("event-time keys (stamped 00:00:00, the AWS default): the objects of the window's first day are read, and a delivery today is seen", async () => {
        const location = partitioned("EventTime");
        const now = new Date();
        const today = midnight(now);
        const key = `${BASE}${dayPath(today)}${keyStamp(today)}-0123456789ABCDEF`;
        await put(key);
        // A window starting 4 h after midnight still holds this day's records.
        const since = new Date(today.getTime() + 4 * 3_600_000);
        assert.deepEqual(await listed(location, since), [`s3://logs-target/${key}`]);
        assert.equal(await logDeliveredSince(clients(), location, new Date(now.getTime() - 60_000)), key);
    });

    it("simple keys: only log objects of the prefix are read, not other objects nor prefixes that merely start alike", async () => {
        const now = new Date();
        const stamp = keyStamp(new Date(now.getTime() - 60_000));
        // "logs/app" (no slash) is also the start of bucket apps' prefix "logs/apps".
        await put(`logs/app${stamp}-A1`, `logs/apps${stamp}-B1`);
        assert.deepEqual(await listed({ targetBucket: "logs-target", targetPrefix: "logs/app", source }, new Date(now.getTime() - 3_600_000)), [`s3://logs-target/logs/app${stamp}-A1`]);
        // An empty prefix: the whole bucket, with query results and other sources' partitioned logs in it.
        await put(`${stamp}-C1`, "athena-results/2f1e.csv", `999999999999/us-east-1/other/${dayPath(now)}${stamp}-D1`);
        assert.deepEqual(await listed({ targetBucket: "logs-target", targetPrefix: "", source }, new Date(now.getTime() - 3_600_000)), [`s3://logs-target/${stamp}-C1`]);
    });

    it("a window of weeks is one listing, not one per day: objects of its first and last day are read, and the delivery check makes one call", async () => {
        const location = partitioned("DeliveryTime");
        const now = new Date();
        const since = new Date(now.getTime() - 30 * 86_400_000);
        const first = new Date(since.getTime() + 60_000);
        const keys = [`${BASE}${dayPath(first)}${keyStamp(first)}-0A1B`, `${BASE}${dayPath(now)}${keyStamp(now)}-0C1D`];
        await put(...keys);
        const c = clients();
        const listings = () => c.counter.counts.get("ListObjectsV2");
        assert.deepEqual([...(await downloadLogs(c, location, since, dir)).values()].sort(), keys.map((k) => `s3://logs-target/${k}`));
        assert.equal(listings(), 1, "one page holds both");
        assert.equal(await logDeliveredSince(c, location, since), keys[0]);
        assert.equal(listings(), 2);
        // From 1970, as the API reads a bucket when no --since is given: still one listing.
        await downloadLogs(c, location, new Date(0), dir);
        assert.equal(listings(), 3);
    });

    it("event-time keys do not tell when an object arrived: one delivered before the window does not count", async () => {
        const location = partitioned("EventTime");
        const now = new Date();
        const today = midnight(now);
        await put(`${BASE}${dayPath(today)}${keyStamp(today)}-0123456789ABCDEF`);
        // Delivered now: not within a window starting in 30 minutes.
        assert.equal(await logDeliveredSince(clients(), location, new Date(now.getTime() + 1_800_000)), null);
    });
});
