import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as path from "path";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
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
        assert.equal(asffFindings(REPORT, { hubAccountId: "999999999999" })[0].ProductArn, "arn:aws:securityhub:eu-west-1:999999999999:product/999999999999/default");
    });

    it("HTML: one self-contained file; nothing fetched, Chart.js inlined, text escaped", () => {
        const html = formatReport({ ...REPORT, findings: [{ ...REPORT.findings[0], bucket: "<img src=x onerror=alert(1)>" }] }, "html", "0.1.0");
        assert.doesNotMatch(html, /<(script|link|img)[^>]+(src|href)=/i);
        assert.match(html, /Chart\.js v4\.6\.1/);
        assert.match(html, /&#60;img src=x onerror=alert\(1\)&#62;/);
    });
});
