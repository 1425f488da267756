import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { athenaDialect, CATALOGUE, localDialect } from "../../logs/catalogue";
import { answerCatalogue } from "../../logs/command";
import { LOG_FIELDS } from "../../logs/fields";
import { LogDatabase } from "../../logs/logDatabase";
import { ALICE, BOB, ETL, OWNER_ACCOUNT, REQUESTS, requestLine } from "./corpus";

/** Every catalogue query's answer over REQUESTS, worked out by hand. */
const EXPECTED: Record<string, unknown[][]> = {
    "who-accessed-what": [
        [null, "198.51.100.7", "REST.GET.OBJECT", "data/missing", 2, "2026-02-10T08:00:00.000Z", "2026-03-09T08:00:00.000Z"],
        [BOB, "10.0.0.3", "REST.GET.OBJECT", "data/old", 1, "2026-01-03T05:00:00.000Z", "2026-01-03T05:00:00.000Z"],
        [ALICE, "10.0.0.1", "REST.GET.OBJECT", "data/a.csv", 1, "2026-01-31T23:59:00.000Z", "2026-01-31T23:59:00.000Z"],
        [ALICE, "10.0.0.1", "REST.DELETE.OBJECT", "data/a.csv", 1, "2026-02-28T12:00:00.000Z", "2026-02-28T12:00:00.000Z"],
        [ETL, "10.0.0.2", "REST.DELETE.OBJECT", "logs/b.txt", 1, "2026-03-01T00:00:10.000Z", "2026-03-01T00:00:10.000Z"],
        [ETL, "10.0.0.2", "REST.PUT.OBJECT", "img/c.png", 1, "2026-03-15T00:00:00.000Z", "2026-03-15T00:00:00.000Z"],
    ],
    errors: [
        ["AccessDenied", 403, "REST.GET.OBJECT", 2, "2026-02-10T08:00:00.000Z", "2026-03-09T08:00:00.000Z"],
        ["NoSuchKey", 404, "REST.GET.OBJECT", 1, "2026-01-03T05:00:00.000Z", "2026-01-03T05:00:00.000Z"],
    ],
    deletes: [
        ["2026-03-01T00:00:10.000Z", ETL, "10.0.0.2", "REST.DELETE.OBJECT", "logs/b.txt", null, 204],
        ["2026-02-28T12:00:00.000Z", ALICE, "10.0.0.1", "REST.DELETE.OBJECT", "data/a.csv", null, 204],
    ],
    // NULL (anonymous) sorts last among equals, in DuckDB and in Athena alike.
    "top-requesters": [[ALICE, 2, 100], [ETL, 2, 0], [null, 2, 486], [BOB, 1, 0]],
    "top-ips": [["10.0.0.1", 2, 100], ["10.0.0.2", 2, 0], ["198.51.100.7", 2, 486], ["10.0.0.3", 1, 0]],
    "sigv2-requests": [[BOB, "10.0.0.3", "aws-cli/2", 1, "2026-01-03T05:00:00.000Z"]],
    "acl-required": [[BOB, "REST.GET.OBJECT", "data/old", 1, "2026-01-03T05:00:00.000Z"], [ETL, "REST.PUT.OBJECT", "img/c.png", 1, "2026-03-15T00:00:00.000Z"]],
    "old-tls": [["TLSv1.1", BOB, "10.0.0.3", 1, "2026-01-03T05:00:00.000Z"]],
    "plain-http": [[null, "198.51.100.7", "REST.GET.OBJECT", 2, "2026-03-09T08:00:00.000Z"]],
    anonymous: [["198.51.100.7", "REST.GET.OBJECT", "data/missing", 403, 2, "2026-03-09T08:00:00.000Z"]],
    "other-accounts": [
        ["222222222222", ETL, "REST.DELETE.OBJECT", 1, "2026-03-01T00:00:10.000Z"],
        ["222222222222", ETL, "REST.PUT.OBJECT", 1, "2026-03-15T00:00:00.000Z"],
    ],
    "bytes-by-prefix": [["data", 5, 586], ["img", 1, 0], ["logs", 1, 0]],
};

describe("the catalogue of questions", function () {
    this.timeout(60_000);
    let db: LogDatabase;
    let dir: string;
    before(async () => {
        db = await LogDatabase.open({ memoryLimit: "256MB" });
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "catalogue-"));
        const file = path.join(dir, "access.log");
        fs.writeFileSync(file, REQUESTS.map(requestLine).join("\n") + "\n");
        const stats = await db.load([file], {});
        assert.deepEqual([stats.records, stats.parsedByTypeScript], [REQUESTS.length, []], "DuckDB reads every line");
    });
    after(async () => {
        await db.close();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("every query has a worked-out answer", () => {
        assert.deepEqual(Object.keys(EXPECTED).sort(), CATALOGUE.map((q) => q.name).sort());
    });

    it("answers every question on DuckDB over the selected records", async () => {
        const answers = await answerCatalogue(db, OWNER_ACCOUNT);
        assert.deepEqual(answers.map((a) => a.name), CATALOGUE.map((q) => q.name));
        for (const a of answers) {
            assert.ok(a.title.length > 0 && a.columns.length === (EXPECTED[a.name][0] ?? []).length, a.name);
            assert.deepEqual(a.rows, EXPECTED[a.name], `${a.name}: ${JSON.stringify(a.rows)}`);
        }
    });

    it("would catch times compared as text (first seen, last seen, order of deletes)", async () => {
        // The text of requestdatetime instead of the parsed time: the answers must change.
        const asText = { ...localDialect(OWNER_ACCOUNT), time: "requestdatetime" };
        for (const name of ["errors", "deletes"]) {
            const q = CATALOGUE.find((c) => c.name === name)!;
            const { rows } = await db.answer(q.sql(asText));
            assert.notDeepEqual(rows, EXPECTED[name], name);
        }
    });

    it("gives the same answers in Athena, where `-` is text (its SQL run here, with Athena's functions as macros)", async () => {
        // The Athena table as RegexSerDe fills it: `-` stays text; one source bucket, today's partition.
        const text = LOG_FIELDS.map((f) => (f.glueType === "string" ? `coalesce(${f.column}, '-') AS ${f.column}` : f.column));
        await db.connection.run(`CREATE SCHEMA db; CREATE TABLE db.access_logs AS SELECT ${text.join(", ")}, 'SOURCE_BUCKET' AS bucket, strftime(current_date, '%Y/%m/%d') AS day FROM access_logs`);
        await db.connection.run("CREATE MACRO date_format(t, f) AS strftime(t, f); CREATE MACRO parse_datetime(t, f) AS strptime(t, '%d/%b/%Y:%H:%M:%S %z')");
        const athena = athenaDialect("db", "access_logs", OWNER_ACCOUNT);
        for (const q of CATALOGUE) {
            const { rows } = await db.answer(q.sql(athena));
            assert.deepEqual(rows, EXPECTED[q.name], `${q.name}: ${JSON.stringify(rows)}`);
        }
    });

    it("renders the same questions for Athena, parsing requestdatetime", () => {
        const athena = athenaDialect("db", "access_logs", OWNER_ACCOUNT);
        for (const q of CATALOGUE) {
            const sql = q.sql(athena);
            assert.match(sql, /FROM \(SELECT nullif\(bucketowner, '-'\) AS bucketowner, .*\n  FROM "db"\."access_logs"\n  WHERE bucket = 'SOURCE_BUCKET' AND day >= .*\) AS access_logs\n/);
            assert.doesNotMatch(sql, /(min|max)\(requestdatetime\)|ORDER BY requestdatetime/);
            if (/first_seen|last_seen|request_time/.test(sql)) assert.match(sql, /parse_datetime\(requestdatetime, 'dd\/MMM\/yyyy:HH:mm:ss Z'\)/);
        }
        assert.match(CATALOGUE.find((q) => q.name === "other-accounts")!.sql(athena), /<> '111111111111'/);
    });
});
