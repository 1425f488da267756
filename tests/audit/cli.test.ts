import { strict as assert } from "assert";
import * as fs from "fs";
import * as http from "http";
import * as os from "os";
import * as path from "path";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import { XMLParser } from "fast-xml-parser";
import { RULES } from "../../engine";
import { run } from "../../cli/main";
import { seedDemoOrganization } from "../../demo/seedOrganization";
import { capture, useMoto } from "./support";


describe("s3-logging CLI", function () {
    this.timeout(60_000);

    describe("bad flags: a clear message and exit 2 before any AWS call", () => {
        let server: http.Server;
        let requests = 0;
        let endpoint: string;
        before((done) => {
            server = http.createServer((_, res) => {
                requests++;
                res.end();
            }).listen(0, "127.0.0.1", () => {
                endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
                done();
            });
        });
        after((done) => void server.close(() => done()));

        const cases: [string[], RegExp][] = [
            [["audit", "--regions", "us-east-1,mars-1"], /--regions\[1\]: "mars-1" is not an AWS Region/],
            [["audit", "--accounts", "12345"], /--accounts\[0\]: "12345" is not an AWS account ID/],
            [["audit", "--ou", "engineering"], /--ou\[0\]: "engineering" is not an OU or root ID/],
            [["audit", "--concurrency", "0"], /--concurrency: "0" must be a whole number from 1 to 256/],
            [["audit", "--format", "xml"], /--format <format>' argument 'xml' is invalid. Allowed choices are table, json, markdown, sarif, junit/],
            [["audit", "--exempt-tag", "novalue"], /--exempt-tag: "novalue" must be KEY=VALUE/],
            [["audit", "--name-template", "logs-{region}"], /--name-template "logs-\{region\}" must contain \{accountId\}/],
            [["audit", "--key-format", "daily"], /--key-format "daily" is not a key format/],
            [["audit", "--no-org", "--accounts", "111111111111"], /--no-org: audits only the caller's account/],
            [["audit", "--bogus"], /unknown option '--bogus'/],
        ];
        for (const [argv, message] of cases) {
            it(argv.join(" "), async () => {
                const { err, io } = capture(endpoint);
                assert.equal(await run(argv, io), 2);
                assert.match(err.join(""), message);
                assert.equal(requests, 0);
            });
        }
    });

    describe("permissions", () => {
        it("audit is read-only: no Put, Delete or Create action", async () => {
            const { out, io } = capture();
            assert.equal(await run(["permissions", "--for", "audit"], io), 0);
            const policy = JSON.parse(out.join(""));
            const actions = policy.Statement.flatMap((s: { Action: string[] }) => s.Action);
            assert.ok(actions.includes("s3:GetBucketLogging") && actions.includes("organizations:ListAccounts") && actions.includes("sts:AssumeRole"));
            assert.deepEqual(actions.filter((a: string) => /:(Put|Delete|Create)/.test(a)), []);
            const assume = policy.Statement.find((s: { Sid: string }) => s.Sid === "AssumeMemberRole");
            assert.equal(assume.Resource, "arn:aws:iam::*:role/OrganizationAccountAccessRole");
        });
    });

    describe("against moto", () => {
        const { moto } = useMoto();
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "s3-logging-cli-"));
        beforeEach(async () => {
            await seedDemoOrganization(moto().endpoint);
        });

        it("--format json --output FILE: the documented schema; exit 1 with findings", async () => {
            const file = path.join(dir, "report.json");
            const { io } = capture(moto().endpoint);
            assert.equal(await run(["audit", "--format", "json", "--output", file], io), 1);
            const report = JSON.parse(fs.readFileSync(file, "utf8"));
            assert.equal(report.schemaVersion, 1);
            assert.deepEqual(Object.keys(report.summary), ["accounts", "buckets", "compliant", "nonCompliant", "exempt", "errors"]);
            assert.deepEqual(Object.keys(report.buckets[0]).slice(0, 5), ["accountId", "region", "bucket", "status", "target"]);
            assert.deepEqual(Object.keys(report.findings[0]), ["ruleId", "severity", "accountId", "region", "bucket", "target", "message", "remediation"]);
            assert.equal(report.summary.buckets, report.buckets.length);
        });

        it("--format sarif validates against the SARIF 2.1.0 schema", async () => {
            const { out, io } = capture(moto().endpoint);
            await run(["audit", "--format", "sarif"], io);
            const sarif = JSON.parse(out.join("")) as { runs: { results: { ruleId: string }[]; tool: { driver: { rules: { id: string }[] } } }[] };
            const schema = JSON.parse(fs.readFileSync(require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8"));
            // The published schema has a pattern that is invalid under the u flag.
            const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
            addFormats(ajv);
            const valid = ajv.validate(schema, JSON.parse(JSON.stringify(sarif)));
            assert.ok(valid, JSON.stringify(ajv.errors?.slice(0, 3)));
            assert.equal(sarif.runs[0].results.length, 13);
            assert.equal(sarif.runs[0].tool.driver.rules.length, RULES.length);
            assert.ok(sarif.runs[0].results.every((r: { ruleId: string }) => sarif.runs[0].tool.driver.rules.some((x: { id: string }) => x.id === r.ruleId)));
        });

        it("--format junit reads back as suites per account with failures, skips and cases per bucket", async () => {
            const { out, io } = capture(moto().endpoint);
            await run(["audit", "--format", "junit"], io);
            const xml = new XMLParser({ ignoreAttributes: false, isArray: (name) => ["testsuite", "testcase"].includes(name) }).parse(out.join(""));
            const suites = xml.testsuites.testsuite as { "@_name": string; "@_tests": string; "@_failures": string; "@_skipped": string; testcase: unknown[] }[];
            assert.equal(suites.length, 3);
            const total = (k: "@_tests" | "@_failures" | "@_skipped") => suites.reduce((n, s) => n + Number(s[k]), 0);
            assert.equal(total("@_tests"), 24);
            assert.equal(total("@_failures"), 13);
            assert.equal(total("@_skipped"), 9);
        });

        it("--format markdown and table name every finding", async () => {
            for (const format of ["markdown", "table"]) {
                const { out, io } = capture(moto().endpoint);
                await run(["audit", "--format", format], io);
                const text = out.join("");
                for (const rule of ["logging-cycle", "target-other-region", "target-denies-delivery"]) assert.ok(text.includes(rule), `${format}: ${rule}`);
            }
        });
    });
});
