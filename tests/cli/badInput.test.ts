import { strict as assert } from "assert";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { gzipSync } from "zlib";

const ROOT = path.resolve(__dirname, "../..");
const BIN = path.join(ROOT, "bin", "s3-logging.js");
// Nothing listens here: a command that reached for AWS before checking its input would fail
// with "could not reach" instead of the message about the input.
const NOWHERE = "http://127.0.0.1:1";

interface Case {
    argv: string[];
    message: RegExp;
    env?: NodeJS.ProcessEnv;
}

function s3Logging(argv: string[], env: NodeJS.ProcessEnv = {}) {
    const result = spawnSync("node", [BIN, ...argv], {
        cwd: ROOT, encoding: "utf8", timeout: 60_000,
        env: { PATH: process.env.PATH, HOME: os.tmpdir(), AWS_ACCESS_KEY_ID: "x", AWS_SECRET_ACCESS_KEY: "y", AWS_ENDPOINT_URL: NOWHERE, AWS_EC2_METADATA_DISABLED: "true", ...env },
    });
    // The end-of-life Node notice is the only other line a command may print.
    const stderr = result.stderr.split("\n").filter((l) => l && !l.startsWith("warning: Node ")).join("\n");
    return { status: result.status, stderr, stdout: result.stdout };
}

describe("s3-logging: every documented bad input", function () {
    this.timeout(120_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "s3-logging-bad-input-"));
    const logFile = path.join(dir, "access.log");
    const line = (i: number) => `o b [06/Feb/2019:00:00:38 +0000] 192.0.2.3 r 3E57 REST.GET.OBJECT k${i} "GET /b/k HTTP/1.1" 200 - 1 1 7 - "-" "ua" -\n`;
    fs.writeFileSync(logFile, line(0));
    const cutGzip = path.join(dir, "cut.log.gz");
    const gzip = gzipSync(Array.from({ length: 200 }, (_, i) => line(i)).join(""));
    fs.writeFileSync(cutGzip, gzip.subarray(0, gzip.length / 2));
    const nullJournal = path.join(dir, "null.json");
    fs.writeFileSync(nullJournal, "null\n");
    const binary = path.join(dir, "image.bin");
    fs.writeFileSync(binary, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    const report = path.join(dir, "report.json");
    fs.writeFileSync(report, JSON.stringify({
        schemaVersion: 1, generatedAt: "2026-01-01T00:00:00Z",
        summary: { accounts: 1, buckets: 1, compliant: 1, nonCompliant: 0, exempt: 0, errors: 0 },
        buckets: [{ accountId: "111111111111", region: "us-east-1", bucket: "b", status: "compliant" }], findings: [], unevaluated: [], errors: [],
    }));
    const nullBucket = path.join(dir, "null-bucket.json");
    fs.writeFileSync(nullBucket, fs.readFileSync(report, "utf8").replace(/"buckets":\[\{.*?\}\]/, '"buckets":[null]'));
    const noAccounts = path.join(dir, "no-accounts.json");
    fs.writeFileSync(noAccounts, fs.readFileSync(report, "utf8").replace('"accounts":1,', ""));
    const notJson = path.join(dir, "not.json");
    fs.writeFileSync(notJson, "not json\n");
    const journal = path.join(dir, "journal.jsonl");

    before(() => {
        // The CLI runs compiled JavaScript: bring build/ up to date with the sources under test.
        execFileSync(path.join(ROOT, "node_modules", ".bin", "tsc"), ["-p", "tsconfig.build.json"], { cwd: ROOT });
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    const cases: Case[] = [
        { argv: ["logs", "--since", "banana", "--file", logFile], message: /^error: --since: "banana" is neither a duration nor a date; write e\.g\. 24h, 7d, 2026-11-01 or 2026-11-01T12:00:00Z \(UTC\)\.$/ },
        { argv: ["logs", "--file", "/no/such/file.log"], message: /^error: --file: \/no\/such\/file\.log is not a file; give the path of a log file\.$/ },
        { argv: ["logs", "--bucket", "app", "--file", logFile], message: /^error: --bucket: give either --bucket SOURCE or --file PATH\.\.\., not both or neither\.$/ },
        { argv: ["logs", "--file", cutGzip], message: /^error: .*cut\.log\.gz: the gzip stream is cut or corrupt \(unexpected end of file\); the records before the damage were read\.$/ },
        { argv: ["logs", "--file", binary], message: /^error: .*image\.bin: not an S3 server access log: none of its \d+ lines is a record/ },
        { argv: ["logs", "--file", logFile, "--sql", "SELEC nothing"], message: /^error: --sql: / },
        { argv: ["logs", "--bucket", "app", "--output", "/missing-dir/x"], message: /^error: --output: cannot write \/missing-dir\/x: folder \/missing-dir does not exist; create it or choose another path\.$/ },
        { argv: ["logs", "--bucket", "app", "--account", "12345"], message: /^error: --account: "12345" is not an AWS account ID/ },
        { argv: ["audit", "--output", "/missing-dir/x.json"], message: /^error: --output: cannot write \/missing-dir\/x\.json: folder \/missing-dir does not exist/ },
        { argv: ["audit", "--output", os.tmpdir()], message: /^error: --output: cannot write .*: it is a folder; give a file path\.$/ },
        { argv: ["remediate", "--apply", "--journal", "/missing-dir/j.json"], message: /^error: --journal: cannot write \/missing-dir\/j\.json: folder \/missing-dir does not exist/ },
        { argv: ["audit", "--max-age", "2h"], message: /^error: --max-age: only applies to the delivery check; add --verify-delivery, or drop --max-age\.$/ },
        { argv: ["audit", "--verify-delivery", "--max-age", "soon"], message: /^error: --max-age: "soon" is not a duration/ },
        { argv: ["audit", "--verify-delivery", "--max-age", "999999999999d"], message: /^error: --max-age: "999999999999d" is too long; write e\.g\. 30m, 24h or 7d\.$/ },
        // Flags of --bucket given with --file would be ignored, a bad value and all.
        { argv: ["logs", "--file", logFile, "--concurrency", "abc"], message: /^error: --concurrency: applies to --bucket only; drop it with --file\.$/ },
        { argv: ["logs", "--file", logFile, "--region", "mars-1"], message: /^error: --region: applies to --bucket only; drop it with --file\.$/ },
        { argv: ["audit", "--format", "xml"], message: /^error: option '--format <format>' argument 'xml' is invalid\. Allowed choices are table, json, markdown, sarif, junit/ },
        { argv: ["audit", "--concurrency", "0"], message: /^error: --concurrency: "0" must be a whole number from 1 to 256\.$/ },
        { argv: ["audit", "--regions", "mars-1"], message: /^error: --regions\[0\]: "mars-1" is not an AWS Region; use a code such as us-east-1/ },
        { argv: ["audit", "--bogus"], message: /^error: unknown option '--bogus'$/ },
        { argv: ["rollback", "--journal", "/no/such/journal.json"], message: /^error: --journal: \/no\/such\/journal\.json: cannot read it as a journal \(ENOENT\); check the path\.$/ },
        { argv: ["rollback", "--journal", nullJournal], message: /^error: --journal: .*null\.json is not a remediation journal \(it does not start with a journal header\); give the file remediate --apply wrote/ },
        // Empty lists (an unset shell variable) must not widen the scope to every account.
        { argv: ["remediate", "--apply", "--journal", journal, "--accounts", ""], message: /^error: --accounts: list at least one account ID \(12 digits, comma-separated\), or drop --accounts\.$/ },
        { argv: ["audit", "--ou", ","], message: /^error: --ou: list at least one OU or root ID, or drop --ou\.$/ },
        { argv: ["audit", "--output", ""], message: /^error: --output: give a file path\.$/ },
        // An empty --journal would apply with the journal only in memory: nothing to roll back.
        { argv: ["remediate", "--apply", "--journal", ""], message: /^error: --journal: give a file path\.$/ },
        { argv: ["remediate", "--apply", "--journal", journal, "--output", journal], message: /^error: --output: .*journal\.jsonl is also the --journal; write the plan elsewhere\.$/ },
        { argv: ["audit"], env: { AWS_REGION: "mars-1" }, message: /^error: AWS_REGION: "mars-1" is not an AWS Region/ },
        { argv: ["audit", "--no-org"], env: { AWS_ENDPOINT_URL: "not a url" }, message: /^error: AWS_ENDPOINT_URL: "not a url" is not a URL; write e\.g\. http:\/\/localhost:5000, or unset it to reach AWS\.$/ },
        { argv: ["logs", "--file", logFile, "--status", ""], message: /^error: --status: list at least one status, e\.g\. 404 or 5xx, or drop --status\.$/ },
        { argv: ["logs", "--file", logFile, "--operation", ","], message: /^error: --operation: list at least one operation, or drop --operation\.$/ },
        { argv: ["logs", "--file", logFile, "--ip", "10.0.0.l"], message: /^error: --ip: "10\.0\.0\.l" is not an IP address; write e\.g\. 192\.0\.2\.3, 2001:db8::1 or 10\.0\.\*\.$/ },
        { argv: ["logs", "--file", logFile, "--since", "99999999999d"], message: /^error: --since: "99999999999d" is too long; write e\.g\. 30m, 24h or 7d\.$/ },
        { argv: ["logs", "--file", logFile, "--until", "2026-02-30"], message: /^error: --until: "2026-02-30" is neither a duration nor a date/ },
        { argv: ["logs", "--file", logFile, "--memory-limit", "0GB"], message: /^error: --memory-limit: "0GB" is not a size; write e\.g\. 512MB or 2GB\.$/ },
        { argv: ["logs", "--file", logFile, "--memory-limit", "1MB"], message: /^error: --memory-limit: 1MB is too little for the SQL engine \(Out of Memory Error: .*\); raise it\.$/ },
        { argv: ["logs", "--file", logFile, "--sql", "SELECT CAST(key AS INTEGER) FROM access_logs"], message: /^error: --sql: Conversion Error: Could not convert string 'k0' to INT32/ },
        { argv: ["logs", "--file", logFile, "--sql", "ATTACH 'x.db' AS x"], message: /^error: --sql: only a query may run \(SELECT, WITH, FROM, DESCRIBE, SUMMARIZE\), not this ATTACH statement\.$/ },
        { argv: ["logs", "--file", logFile, "--sql", "INSTALL httpfs"], message: /^error: --sql: only a query may run .*, not this LOAD statement\.$/ },
        { argv: ["logs", "--file", logFile, "--output", logFile], message: /^error: --output: .*access\.log is also a --file; write elsewhere, or it replaces the log\.$/ },
        { argv: ["logs", "--file", logFile, "--to-parquet", path.join(dir, "pq"), "--output", path.join(dir, "pq")], message: /^error: --output: .*pq is the --to-parquet folder; write elsewhere\.$/ },
        { argv: ["logs", "--bucket", "Bad Bucket!"], message: /^error: --bucket: "Bad Bucket!" is not a bucket name; give the name of the source bucket\.$/ },
        { argv: ["merge", report, report], message: /^error: REPORT: .*report\.json is given twice; give each shard's report once\.$/ },
        { argv: ["merge", notJson], message: /^error: REPORT: .*not\.json is not JSON \(Unexpected token .*\); write the shards with `audit --format json --output FILE`\.$/ },
        { argv: ["merge", nullBucket], message: /^error: REPORT: .*null-bucket\.json is not an audit report of schema version 1 \(buckets\[0\] has no bucket, status\); write the shards/ },
        { argv: ["merge", noAccounts], message: /^error: REPORT: .*no-accounts\.json is not an audit report of schema version 1 \(summary\.accounts is not a number\); write the shards/ },
        { argv: ["merge", dir], message: /^error: REPORT: .* is not a file; give the paths of the shards' JSON reports\.$/ },
        // A * would widen sts:AssumeRole in the printed policy to every role the pattern matches.
        { argv: ["permissions", "--for", "remediate", "--role-name", "Org*"], message: /^error: --role-name: "Org\*" is not an IAM role name\.$/ },
        { argv: ["permissions", "--for", "everything"], message: /^error: option '--for <mode>' argument 'everything' is invalid/ },
        {
            argv: ["audit", "--no-org"],
            message: /^error: could not reach 127\.0\.0\.1:1 for STS GetCallerIdentity \(connect ECONNREFUSED 127\.0\.0\.1:1\); check the network, AWS_ENDPOINT_URL \(now http:\/\/127\.0\.0\.1:1\), and --region\.$/,
        },
        {
            argv: ["audit", "--no-org"],
            env: { AWS_ACCESS_KEY_ID: "", AWS_SECRET_ACCESS_KEY: "", AWS_CONFIG_FILE: "/nonexistent", AWS_SHARED_CREDENTIALS_FILE: "/nonexistent" },
            message: /^error: no usable AWS credentials for STS GetCallerIdentity .*; set AWS_PROFILE or AWS_ACCESS_KEY_ID\/AWS_SECRET_ACCESS_KEY, or run where a role provides them\.$/,
        },
    ];

    for (const { argv, message, env } of cases) {
        it(`${env ? `${Object.entries(env).map(([k, v]) => `${k}=${v}`).join(" ")} ` : ""}${argv.join(" ")}`, () => {
            const { status, stderr } = s3Logging(argv, env);
            assert.equal(status, 2, stderr);
            assert.match(stderr, message);
            assert.equal(stderr.split("\n").length, 1, `one message, got:\n${stderr}`);
            assert.doesNotMatch(stderr, /^\s+at /m);
        });
    }

    it("logs --sql runs only queries: a COPY writes no file", () => {
        const target = path.join(dir, "copied.csv");
        const { status, stderr, stdout } = s3Logging(["logs", "--file", logFile, "--format", "json", "--sql", `COPY (SELECT * FROM access_logs) TO '${target}'`]);
        assert.equal(status, 2, stderr);
        assert.match(stderr, /^error: --sql: only a query may run .*, not this COPY statement\.$/);
        assert.equal(stdout, "");
        assert.ok(!fs.existsSync(target), "the COPY ran");
    });

    it("logs --sql EXPLAIN ANALYZE does not run the statement it explains", () => {
        const target = path.join(dir, "explained.csv");
        const { status, stderr } = s3Logging(["logs", "--file", logFile, "--sql", `EXPLAIN ANALYZE COPY (SELECT 1) TO '${target}'`]);
        assert.equal(status, 2, stderr);
        assert.match(stderr, /^error: --sql: only a query may run .*, not this EXPLAIN statement\.$/);
        assert.ok(!fs.existsSync(target), "the COPY ran");
    });

    it("every subcommand's help lists its exit codes, and how AWS is reached where it calls AWS", () => {
        for (const sub of ["audit", "remediate", "rollback", "logs", "permissions", "demo"]) {
            const { status, stdout } = s3Logging([sub, "--help"]);
            assert.equal(status, 0);
            assert.match(stdout, /Exit codes:\n {2}0 {2}/, sub);
            if (["audit", "remediate", "rollback", "logs"].includes(sub)) assert.match(stdout, /How AWS is reached:[\s\S]*AWS_ENDPOINT_URL/, sub);
        }
    });
});
