import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { gzipSync } from "zlib";
import { DuckDBInstance } from "@duckdb/node-api";
import { cli } from "../audit/support";
import { parseLine } from "../../logs/parser";
import { DOC_GET_OBJECT, REQUESTS, requestLine } from "./corpus";

async function logs(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const { code, out, err } = await cli(undefined, ["logs", ...args]);
    return { code, stdout: out, stderr: err };
}

describe("s3-logging logs --file", function () {
    this.timeout(60_000);
    let dir: string;
    let file: string;
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "logs-cli-"));
        file = path.join(dir, "access.log");
        fs.writeFileSync(file, REQUESTS.map(requestLine).join("\n") + "\n");
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("reads every record by default, and says how many a window leaves out and why", async () => {
        const all = await logs("--file", file, "--format", "json");
        assert.equal(all.code, 0);
        const { stats, summary } = JSON.parse(all.stdout);
        assert.deepEqual([summary.requests, stats.excluded], [REQUESTS.length, []]);
        assert.deepEqual([summary.from, summary.to], ["2026-01-03T05:00:00.000Z", "2026-03-15T00:00:00.000Z"]);

        const windowed = await logs("--file", file, "--since", "2026-03-01", "--until", "2026-03-10");
        assert.match(windowed.stdout, /: 2 requests from 2026-03-01T00:00:10\.000Z to 2026-03-09T08:00:00\.000Z/);
        assert.match(windowed.stdout, /left out 4 records older than --since \(2026-03-01T00:00:00Z\)\nleft out 1 records at or after --until \(2026-03-10T00:00:00Z\)/);
    });

    const filters: [string[], number][] = [
        [["--operation", "REST.DELETE.*"], 2],
        [["--status", "4xx"], 3],
        [["--status", "404,200"], 3],
        [["--requester", "arn:aws:iam::222222222222:*"], 2],
        [["--ip", "10.0.0.*"], 5],
        [["--key-prefix", "data/"], 5],
        [["--operation", "REST.GET.OBJECT", "--status", "403"], 2],
    ];
    for (const [flags, requests] of filters) {
        it(`${flags.join(" ")} selects ${requests} records`, async () => {
            const { code, stdout } = await logs("--file", file, ...flags, "--format", "json");
            assert.equal(code, 0);
            const { summary, stats } = JSON.parse(stdout);
            assert.equal(summary.requests, requests);
            assert.equal(stats.excluded.reduce((n: number, x: { records: number }) => n + x.records, 0), REQUESTS.length - requests);
        });
    }

    it("--sql runs any query over the selected records (csv, json, table)", async () => {
        const sql = "SELECT operation, count(*) AS n FROM access_logs GROUP BY operation ORDER BY n DESC, operation";
        assert.equal((await logs("--file", file, "--sql", sql, "--format", "csv")).stdout, "operation,n\nREST.GET.OBJECT,4\nREST.DELETE.OBJECT,2\nREST.PUT.OBJECT,1\n");
        const json = await logs("--file", file, "--status", "4xx", "--sql", "SELECT key, httpstatus FROM access_logs ORDER BY time", "--format", "json");
        assert.deepEqual(JSON.parse(json.stdout), [
            { key: "data/old", httpstatus: 404 }, { key: "data/missing", httpstatus: 403 }, { key: "data/missing", httpstatus: 403 },
        ]);
        const table = await logs("--file", file, "--query", "deletes");
        assert.match(table.stdout, /^request_time +requester +remoteip +operation +key +versionid +httpstatus\n-+/);
        assert.match(table.stdout, /2026-03-01T00:00:10\.000Z +arn:aws:iam::222222222222:role\/etl[^\n]*\n2026-02-28T12:00:00\.000Z[^\n]*\n\(2 rows\)\n$/);
    });

    it("--sql errors are bad input: one line, exit 2, no stack", async () => {
        for (const [sql, problem] of [["SELEC 1", /syntax error/i], ["SELECT nosuchcolumn FROM access_logs", /nosuchcolumn/]] as const) {
            const { code, stdout, stderr } = await logs("--file", file, "--sql", sql);
            assert.equal(code, 2);
            assert.equal(stdout, "");
            assert.match(stderr, /^error: --sql: /);
            assert.match(stderr, problem);
            assert.equal(stderr.trim().split("\n").length, 1, stderr);
            assert.doesNotMatch(stderr, /\n\s+at /);
        }
        const unknown = await logs("--file", file, "--query", "nope");
        assert.equal(unknown.code, 2);
        assert.match(unknown.stderr, /--query: "nope" is not a named query; use one of who-accessed-what, errors, deletes/);
        assert.equal((await logs("--file", file, "--sql", "SELECT 1", "--records")).code, 2);
        assert.equal((await logs("--file", file, "--status", "4xy")).code, 2);
        assert.equal((await logs("--file", file, "--since", "yesterday")).code, 2);
        const memory = await logs("--file", file, "--memory-limit", "lots");
        assert.deepEqual([memory.code, memory.stderr], [2, 'error: --memory-limit: "lots" is not a size; write e.g. 512MB or 2GB.\n']);
    });

    it("--records prints the records as the parser reads them", async () => {
        const { stdout } = await logs("--file", file, "--records", "--format", "json");
        assert.deepEqual(stdout.trim().split("\n").map((l) => JSON.parse(l)), REQUESTS.map((r) => parseLine(requestLine(r))));
    });

    it("a cut gzip: exit 2, one message naming the file, the records before the cut counted", async () => {
        const many = Array.from({ length: 2000 }, (_, i) => requestLine({ ...REQUESTS[0], key: `k${i}` })).join("\n") + "\n";
        const gz = gzipSync(many);
        const cut = path.join(dir, "cut.log.gz");
        fs.writeFileSync(cut, gz.subarray(0, Math.floor(gz.length * 0.6)));
        const { code, stdout, stderr } = await logs("--file", cut, "--format", "json");
        assert.equal(code, 2);
        assert.equal(stderr.trim().split("\n").length, 1);
        assert.match(stderr, new RegExp(`^error: ${cut.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: the gzip stream is cut or corrupt \\(unexpected end of file\\); the records before the damage were read`));
        const { stats, summary } = JSON.parse(stdout);
        assert.ok(summary.requests > 100 && summary.requests < 2000, `read ${summary.requests} records before the cut`);
        assert.equal(stats.failures.length, 1);
        // A whole gzip reads the same as plain text.
        const whole = path.join(dir, "whole.log.gz");
        fs.writeFileSync(whole, gz);
        const ok = await logs("--file", whole, "--format", "json");
        assert.deepEqual([ok.code, JSON.parse(ok.stdout).summary.requests], [0, 2000]);
    });

    it("a file that is not an access log: says so and exits 2", async () => {
        const binary = path.join(dir, "image.png");
        fs.writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0xff, 0xfe, 0x0a, 0x41, 0x80]));
        const { code, stderr } = await logs("--file", binary);
        // Five lines: a lone carriage return ends one, as in DuckDB's reading.
        assert.equal(code, 2);
        assert.match(stderr, /^error: .*image\.png: not an S3 server access log: none of its 5 lines is a record \(line 1: /);
        // Beside a real log, the real records are still read and the odd file is named.
        const both = await logs("--file", file, binary, "--format", "json");
        assert.deepEqual([both.code, JSON.parse(both.stdout).summary.requests], [2, REQUESTS.length]);
    });

    it("--to-parquet writes the selected records partitioned by day; they read back the same", async () => {
        const out = path.join(dir, "parquet");
        const { code } = await logs("--file", file, "--status", "2xx,4xx", "--to-parquet", out, "--format", "json");
        assert.equal(code, 0);
        assert.deepEqual(fs.readdirSync(out).sort().slice(0, 2), ["day=2026-01-03", "day=2026-01-31"]);
        const connection = await (await DuckDBInstance.create(":memory:")).connect();
        const back = await connection.runAndReadAll(`SELECT * EXCLUDE (day, file, time), strftime(time, '%Y-%m-%d') = day AS same_day FROM read_parquet('${out}/**/*.parquet', hive_partitioning = true) ORDER BY time`);
        const rows = back.getRowObjectsJS();
        assert.equal(rows.length, REQUESTS.length);
        assert.ok(rows.every((r) => r.same_day === true));
        const expected = REQUESTS.map((r) => parseLine(requestLine(r))).sort((a, b) => a.time.localeCompare(b.time));
        assert.deepEqual(rows.map((r) => [r.key, r.httpstatus, Number(r.bytessent), r.requester, r.tlsversion]), expected.map((r) => [r.key, r.httpStatus, r.bytesSent, r.requester, r.tlsVersion]));
        connection.closeSync();
        const again = await logs("--file", file, "--to-parquet", out);
        assert.equal(again.code, 2);
        assert.match(again.stderr, /--to-parquet: .* exists and is not an empty folder/);
    });

    it("reads unquoted lines (through the parser) and counts them as re-aligned", async () => {
        const unquoted = path.join(dir, "unquoted.log");
        fs.writeFileSync(unquoted, DOC_GET_OBJECT.replace(/"GET ([^"]*)"/, "GET $1").replace('"S3Console/0.4"', "aws-sdk-js/3 ua/2.1") + "\n");
        const { code, stdout } = await logs("--file", unquoted, "--format", "json");
        const { stats } = JSON.parse(stdout);
        assert.deepEqual([code, stats.records, stats.recovered, stats.parsedByTypeScript], [0, 1, 1, [unquoted]]);
    });
    it("a file given twice is read once: every line counted once, whether plain, gzip or with malformed lines", async () => {
        const lines = [...REQUESTS.slice(0, 2).map(requestLine), "not a record"];
        const plain = path.join(dir, "twice.log");
        fs.writeFileSync(plain, lines.join("\n") + "\n");
        const gz = path.join(dir, "twice.log.gz");
        fs.writeFileSync(gz, gzipSync(lines.join("\n") + "\n"));
        for (const f of [plain, gz, file]) {
            const once = JSON.parse((await logs("--file", f, "--format", "json")).stdout);
            const { stdout } = await logs("--file", f, f, "--format", "json");
            const { stats, summary } = JSON.parse(stdout);
            assert.deepEqual([stats.lines, stats.records, stats.malformed, summary.requests], [once.stats.lines, once.stats.records, once.stats.malformed, once.summary.requests], f);
            assert.equal(stats.lines, stats.records + stats.malformed);
        }
    });
});
