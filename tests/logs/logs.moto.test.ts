import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
    CreateBucketCommand, DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutBucketLoggingCommand, PutBucketPolicyCommand,
    PutObjectCommand, S3Client,
} from "@aws-sdk/client-s3";
import { gzipSync } from "zlib";
import { deliveryStatement } from "../../engine";
import { runAudit } from "../../audit/audit";
import { run } from "../../cli/main";
import { DUMMY_CREDENTIALS, MANAGEMENT_ACCOUNT } from "../../demo/seedOrganization";
import { AUDIT_OPTIONS, clientsFor, useMoto } from "../audit/support";

describe("logs and delivery checks against moto (which writes a log object per request)", function () {
    this.timeout(60_000);
    const { moto } = useMoto();
    let s3: S3Client;

    beforeEach(async () => {
        s3 = new S3Client({ endpoint: moto().endpoint, region: "us-east-1", credentials: DUMMY_CREDENTIALS, forcePathStyle: true });
        await s3.send(new CreateBucketCommand({ Bucket: "logs-target" }));
        await s3.send(new CreateBucketCommand({ Bucket: "app" }));
        const statement = deliveryStatement({ bucket: "logs-target", region: "us-east-1", prefix: "access-logs/app/", sourceAccountId: MANAGEMENT_ACCOUNT });
        await s3.send(new PutBucketPolicyCommand({ Bucket: "logs-target", Policy: JSON.stringify({ Version: "2012-10-17", Statement: [statement] }) }));
        await s3.send(new PutBucketLoggingCommand({ Bucket: "app", BucketLoggingStatus: { LoggingEnabled: { TargetBucket: "logs-target", TargetPrefix: "access-logs/app/" } } }));
        // Seven requests to the logged bucket.
        for (let i = 0; i < 3; i++) await s3.send(new PutObjectCommand({ Bucket: "app", Key: `k${i}`, Body: "hello" }));
        await s3.send(new GetObjectCommand({ Bucket: "app", Key: "k0" }));
        await s3.send(new HeadObjectCommand({ Bucket: "app", Key: "k1" }));
        await s3.send(new DeleteObjectCommand({ Bucket: "app", Key: "k2" }));
        await s3.send(new GetObjectCommand({ Bucket: "app", Key: "missing" })).catch(() => undefined);
    });

    const io = (out: string[]) => ({ stdout: (t: string) => out.push(t), stderr: () => undefined, endpoint: moto().endpoint, credentials: DUMMY_CREDENTIALS });

    it("logs --bucket: finds the target and prefix, reads the objects, summarises the requests", async () => {
        const out: string[] = [];
        assert.equal(await run(["logs", "--bucket", "app", "--since", "1h", "--format", "json"], io(out)), 0);
        const { source, stats, summary } = JSON.parse(out.join(""));
        assert.match(source, /^app → s3:\/\/logs-target\/access-logs\/app\/ \(simple keys\)/);
        // The seven requests, plus the two this command made to find the logs (moto logs them too).
        assert.equal(summary.requests, 9);
        assert.equal(stats.objects, 9);
        assert.deepEqual(summary.byOperation, [
            { value: "REST.GET.BUCKET", count: 4 }, { value: "REST.PUT.BUCKET", count: 3 },
            { value: "REST.DELETE.BUCKET", count: 1 }, { value: "REST.HEAD.BUCKET", count: 1 },
        ]);
        assert.equal(stats.malformed, 0);
        assert.equal(stats.recovered, 9, "moto writes the request line and user agent unquoted");
        // Such objects go through the TypeScript parser, reported by their S3 names.
        assert.equal(stats.parsedByTypeScript.length, 9);
        assert.ok(stats.parsedByTypeScript.every((f: string) => f.startsWith("s3://logs-target/access-logs/app/")), stats.parsedByTypeScript[0]);
        assert.deepEqual(stats.excluded, [], "every record is in the window");
    });

    it("logs --bucket keeps the last 24 h unless --since says otherwise", async () => {
        const out: string[] = [];
        const before = Date.now();
        assert.equal(await run(["logs", "--bucket", "app", "--format", "json"], io(out)), 0);
        const { source, summary } = JSON.parse(out.join(""));
        const since = Date.parse(/since (\S+)$/.exec(source)![1]);
        assert.ok(Math.abs(before - 86_400_000 - since) < 60_000, source);
        assert.equal(summary.requests, 9);
    });

    it("logs --records --format csv: one row per record with every field as a column", async () => {
        const out: string[] = [];
        await run(["logs", "--bucket", "app", "--since", "1h", "--records", "--format", "csv"], io(out));
        const rows = out.join("").trim().split("\n");
        assert.match(rows[0], /^bucketOwner,bucket,time,remoteIp,/);
        assert.equal(rows.length, 1 + 9);
    });

    it("logs --since excludes older records", async () => {
        const out: string[] = [];
        await run(["logs", "--bucket", "app", "--since", "1m", "--format", "json"], io(out));
        assert.equal(JSON.parse(out.join("")).summary.requests, 9);
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "logs-"));
        const file = path.join(dir, "old.log.gz");
        const old = `${"a".repeat(64)} app [06/Feb/2019:00:00:38 +0000] 192.0.2.3 - REQ REST.GET.OBJECT k "GET /app/k HTTP/1.1" 200 - 5 5 1 1 "-" "ua" - host SigV4 - AuthHeader app.s3.amazonaws.com TLSv1.3 - -\n`;
        fs.writeFileSync(file, gzipSync(old));
        const recent: string[] = [];
        await run(["logs", "--file", file, "--since", "1d", "--format", "json"], io(recent));
        assert.equal(JSON.parse(recent.join("")).summary.requests, 0);
        const all: string[] = [];
        await run(["logs", "--file", file, "--since", "36500d", "--format", "json"], io(all));
        assert.equal(JSON.parse(all.join("")).summary.requests, 1);
    });

    it("logs: bad flags are refused before any call", async () => {
        const err: string[] = [];
        const sink = { stdout: () => undefined, stderr: (t: string) => err.push(t), endpoint: "http://127.0.0.1:9", credentials: DUMMY_CREDENTIALS };
        assert.equal(await run(["logs", "--bucket", "app", "--since", "yesterday"], sink), 2);
        assert.equal(await run(["logs"], sink), 2);
        assert.equal(await run(["logs", "--file", "/no/such/file"], sink), 2);
        assert.match(err.join(""), /--since: "yesterday" is neither a duration nor a date[\s\S]*give either --bucket SOURCE or --file[\s\S]*--file: \/no\/such\/file is not a file/);
    });

    it("audit --verify-delivery: a recent log passes; none within --max-age fires logs-not-delivered", async () => {
        const options = { ...AUDIT_OPTIONS, organization: false, verifyDeliveryMaxAgeMs: 3_600_000 };
        const fresh = await runAudit(clientsFor(moto().endpoint, "audit"), options);
        assert.deepEqual(fresh.report.findings, []);
        assert.equal(fresh.report.buckets.find((b) => b.bucket === "app")!.status, "compliant");

        const later = new Date(Date.now() + 2 * 86_400_000);
        const clients = clientsFor(moto().endpoint, "audit");
        const stale = await runAudit(clients, { ...options, now: later });
        assert.deepEqual(stale.report.findings.map((f) => [f.bucket, f.ruleId]), [["app", "logs-not-delivered"]]);
        assert.match(stale.report.findings[0].message, /no log object arrived in the last 1 h/);
        // Simple keys start with their time stamp: one short listing answers.
        assert.equal(clients.counter.counts.get("ListObjectsV2"), 1);
    });
});
