import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import Ajv2020 from "ajv/dist/2020";
import AjvDraft04 from "ajv-draft-04";
import addFormats from "ajv-formats";
import { XMLParser } from "fast-xml-parser";
import { asffFindings } from "../../audit/format/asff";
import { findingId } from "../../audit/format/findingId";
import { OCSF_VERSION, ocsfEvents } from "../../audit/format/ocsf";
import { AuditReport } from "../../audit/report";
import { formatReport } from "../../audit/format";

const REPORT: AuditReport = {
    schemaVersion: 1, generatedAt: "2026-11-21T08:00:00.000Z",
    summary: { accounts: 1, buckets: 3, compliant: 0, nonCompliant: 2, exempt: 0, errors: 0 },
    buckets: [],
    findings: [
        { ruleId: "target-is-source", severity: "critical", accountId: "111111111111", region: "eu-west-1", bucket: "self", target: { bucket: "self", prefix: "" }, message: "Bucket self logs into itself.", remediation: "Retarget logging." },
        { ruleId: "logging-disabled", severity: "medium", accountId: "111111111111", region: "us-gov-west-1", bucket: "quiet", target: null, message: "x".repeat(2000), remediation: "Enable logging." },
    ],
    unevaluated: [{ ruleId: "logging-disabled", accountId: "111111111111", region: "us-east-1", bucket: "denied", reason: "GetBucketLogging: AccessDenied" }],
    errors: [],
};

/**
 * The JSON schema of the OCSF Compliance Finding class, generated from py-ocsf-models (the
 * models Prowler uses), installed into .venv by scripts/setup.sh: never written by hand here.
 */
function ocsfSchema(): { version: string; schema: object } {
    const python = path.join(__dirname, "../../.venv/bin/python");
    const out = execFileSync(python, ["-c", [
        "import json, py_ocsf_models",
        "from py_ocsf_models.events.findings.compliance_finding import ComplianceFinding",
        "print(json.dumps({'version': py_ocsf_models.OCSF_VERSION, 'schema': ComplianceFinding.model_json_schema()}))",
    ].join("\n")], { encoding: "utf8" });
    return JSON.parse(out);
}

describe("OCSF and ASFF formats", () => {
    it(`OCSF: every event validates against the Compliance Finding schema of OCSF ${OCSF_VERSION}`, function () {
        this.timeout(30_000);
        const { version, schema } = ocsfSchema();
        assert.equal(version, OCSF_VERSION);
        const ajv = new Ajv2020({ strict: false, allErrors: true });
        addFormats(ajv);
        const validate = ajv.compile(schema);
        const events = JSON.parse(formatReport(REPORT, "ocsf", "0.1.0")) as Record<string, any>[];
        assert.equal(events.length, 3);
        for (const e of events) assert.ok(validate(e), JSON.stringify(validate.errors));
        assert.deepEqual(events.map((e) => [e.class_uid, e.type_uid, e.severity_id, e.compliance.status_id]), [[2003, 200301, 5, 3], [2003, 200301, 3, 3], [2003, 200301, 1, 0]]);
        assert.equal(events[0].finding_info.uid, findingId(REPORT.findings[0]));
        assert.equal(events[1].resources[0].uid, "arn:aws-us-gov:s3:::quiet");
        assert.equal(events[0].remediation.desc, "Retarget logging.");
        // The schema has teeth: a wrong severity or a missing finding_info fails.
        const [bad] = ocsfEvents(REPORT, "0.1.0") as Record<string, any>[];
        assert.equal(validate({ ...bad, severity_id: 9 }), false);
        const { finding_info: _, ...noInfo } = bad;
        assert.equal(validate(noInfo), false);
    });

    it("ASFF: required fields, stable IDs, ASFF length limits, partition from the Region", () => {
        const findings = asffFindings(REPORT);
        assert.deepEqual(JSON.parse(formatReport(REPORT, "asff", "0.1.0")), findings);
        const required = ["SchemaVersion", "Id", "ProductArn", "GeneratorId", "AwsAccountId", "Types", "CreatedAt", "UpdatedAt", "Severity", "Title", "Description", "Resources"] as const;
        for (const f of findings) for (const k of required) assert.ok(f[k] !== undefined, `${f.Id} has ${k}`);
        assert.deepEqual(findings.map((f) => f.Id), [...REPORT.findings, ...REPORT.unevaluated].map(findingId));
        assert.equal(findings[0].Id, "s3-logging/111111111111/eu-west-1/self/target-is-source");
        assert.deepEqual(findings.map((f) => [f.Severity?.Label, f.Compliance?.Status]), [["CRITICAL", "FAILED"], ["MEDIUM", "FAILED"], ["INFORMATIONAL", "NOT_AVAILABLE"]]);
        assert.equal(findings[1].Description!.length, 1024);
        assert.equal(findings[1].ProductArn, "arn:aws-us-gov:securityhub:us-gov-west-1:111111111111:product/111111111111/default");
        assert.equal(findings[1].Resources![0].Id, "arn:aws-us-gov:s3:::quiet");
    });

    it("HTML: one self-contained file; nothing fetched, Chart.js inlined, text escaped", () => {
        const html = formatReport({ ...REPORT, findings: [{ ...REPORT.findings[0], bucket: "<img src=x onerror=alert(1)>" }] }, "html", "0.1.0");
        assert.doesNotMatch(html, /<(script|link|img)[^>]+(src|href)=/i);
        assert.match(html, /Chart\.js v4\.6\.1/);
        assert.match(html, /&#60;img src=x onerror=alert\(1\)&#62;/);
    });
});

/** The SARIF 2.1.0 schema shipped with @microsoft/jest-sarif (draft-04). */
function sarifValidator() {
    const schema = JSON.parse(fs.readFileSync(require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8"));
    // The published schema has a pattern that is invalid under the u flag.
    const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    return ajv.compile<any>(schema);
}

/** A finding whose target prefix (any S3 key) carries a line break, a pipe and HTML. */
const CRAFTED: AuditReport = {
    ...REPORT,
    findings: [{ ...REPORT.findings[0], ruleId: "target-denies-delivery", severity: "high", message: "Bucket self logs to logs, but no statement lets it write; allow s3:PutObject on logs/a|b\n<img src=https://example.com/x.png>*." }],
    errors: [{ accountId: "222222222222", region: null, bucket: null, operation: "AssumeRole", message: "AccessDenied:\n<b>not</b> allowed" }],
};

describe("SARIF, Markdown and JUnit formats", () => {
    it("SARIF: each result is located where GitHub code scanning shows it", () => {
        const results = JSON.parse(formatReport(REPORT, "sarif", "0.1.0")).runs[0].results as Record<string, any>[];
        assert.equal(results.length, REPORT.findings.length);
        for (const [i, r] of results.entries()) {
            const physical = r.locations?.[0]?.physicalLocation;
            // GitHub needs a physical location (sarif-sdk rule GH1001) whose URI is a relative path or a
            // file: URI (GH1005: it "only displays results whose locations are specified by file paths"),
            // with region.startLine (GH1003).
            assert.ok(physical?.artifactLocation?.uri, `result ${i} has a physical location`);
            assert.doesNotMatch(physical.artifactLocation.uri, /^(?!file:)[a-z][a-z0-9+.-]*:/i, `result ${i}: ${physical.artifactLocation.uri} is not a relative path`);
            assert.ok(physical.region?.startLine >= 1, `result ${i} has region.startLine`);
        }
    });

    it("SARIF: partialFingerprints carry the finding's stable ID, so an upload updates rather than duplicates alerts", () => {
        const results = JSON.parse(formatReport(REPORT, "sarif", "0.1.0")).runs[0].results as Record<string, any>[];
        assert.deepEqual(results.map((r) => r.partialFingerprints), REPORT.findings.map((f) => ({ "findingId/v1": findingId(f) })));
    });

    it("SARIF: the bucket's ARN has the partition of its Region", () => {
        const results = JSON.parse(formatReport(REPORT, "sarif", "0.1.0")).runs[0].results as Record<string, any>[];
        assert.equal(results[1].locations[0].logicalLocations[0].fullyQualifiedName, "arn:aws-us-gov:s3:::quiet");
    });

    it("SARIF: checks that could not run and errors are tool execution notifications, and the run is not successful", () => {
        const validate = sarifValidator();
        const sarif = JSON.parse(formatReport(CRAFTED, "sarif", "0.1.0"));
        assert.ok(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3)));
        const [invocation] = sarif.runs[0].invocations ?? [];
        assert.equal(invocation?.executionSuccessful, false);
        assert.deepEqual(invocation.toolExecutionNotifications.map((n: any) => [n.level, n.associatedRule?.id]), [["warning", "logging-disabled"], ["error", undefined]]);
        assert.match(invocation.toolExecutionNotifications[0].message.text, /denied.*GetBucketLogging: AccessDenied/);
        const clean = JSON.parse(formatReport({ ...REPORT, unevaluated: [] }, "sarif", "0.1.0"));
        assert.ok(validate(clean));
        assert.equal(clean.runs[0].invocations[0].executionSuccessful, true);
    });

    it("SARIF: an empty report is a valid log with no results", () => {
        const validate = sarifValidator();
        const empty = JSON.parse(formatReport({ ...REPORT, buckets: [], findings: [], unevaluated: [] }, "sarif", "0.1.0"));
        assert.ok(validate(empty), JSON.stringify(validate.errors?.slice(0, 3)));
        assert.deepEqual(empty.runs[0].results, []);
    });

    it("Markdown: a message with a line break, a pipe or HTML stays text inside its table cell", () => {
        const md = formatReport(CRAFTED, "markdown", "0.1.0");
        const rows = md.split("\n").filter((l) => l.startsWith("| high "));
        assert.equal(rows.length, 1, md);
        // Six cells: seven pipes that are not escaped.
        assert.equal(rows[0].match(/(?<!\\)\|/g)?.length, 7, rows[0]);
        assert.ok(rows[0].endsWith("*. |"), rows[0]);
        // No raw HTML reaches a renderer (GitHub renders <img> in PR comments and job summaries).
        assert.doesNotMatch(md, /(?<!\\)<(img|b)\b/);
        assert.match(md, /^- 222222222222 — AssumeRole: AccessDenied: \\<b\\>not\\<\/b\\> allowed$/m);
    });

    it("JUnit: the checks that could not run for a non-compliant bucket are in its failure too", () => {
        const report: AuditReport = {
            ...REPORT,
            buckets: [{ accountId: "111111111111", region: "eu-west-1", bucket: "self", status: "non-compliant", target: null }],
            unevaluated: [{ ...REPORT.unevaluated[0], bucket: "self", region: "eu-west-1" }],
        };
        const xml = new XMLParser({ ignoreAttributes: false, htmlEntities: true }).parse(formatReport(report, "junit", "0.1.0"));
        assert.match(xml.testsuites.testsuite.testcase.failure["@_message"], /^\[target-is-source\] .*\n\[logging-disabled\] could not evaluate: GetBucketLogging: AccessDenied$/);
    });

    it("JUnit: a large organization renders in linear time", () => {
        // 1000 accounts × 100 buckets, one in five with a finding: every other format takes well under a second.
        const buckets: AuditReport["buckets"] = [];
        const findings: AuditReport["findings"] = [];
        for (let a = 0; a < 1000; a++) {
            for (let i = 0; i < 100; i++) {
                const accountId = String(100000000000 + a), bucket = `b-${a}-${i}`;
                buckets.push({ accountId, region: "eu-west-1", bucket, status: i % 5 ? "compliant" : "non-compliant", target: null });
                if (i % 5 === 0) findings.push({ ...REPORT.findings[1], accountId, region: "eu-west-1", bucket, message: `Bucket ${bucket} has no logging.` });
            }
        }
        const start = Date.now();
        const xml = formatReport({ ...REPORT, buckets, findings, unevaluated: [] }, "junit", "0.1.0");
        assert.ok(Date.now() - start < 3000, `took ${Date.now() - start} ms`);
        assert.match(xml, /<testsuites tests="100000" failures="20000" errors="0"/);
    });
});
