import { RULES_BY_ID, RuleId, Severity, bucketArn, partitionOf } from "../../engine";
import { AuditReport } from "../report";
import { findingId, Placed } from "./findingId";

/** The OCSF schema version the events follow (class Compliance Finding, 2003). */
export const OCSF_VERSION = "1.5.0";

const SEVERITY_ID: Record<Severity, number> = { low: 2, medium: 3, high: 4, critical: 5 };
// Compliance status_id: 0 Unknown, 1 Pass, 2 Warning, 3 Fail.
const COMPLIANCE_FAIL = 3;
const COMPLIANCE_UNKNOWN = 0;
const CLASS_UID = 2003;
const ACTIVITY_CREATE = 1;

/**
 * OCSF Compliance Finding events (schema 1.5.0): one per rule violation (compliance Fail) and
 * one per check that could not run (compliance Unknown), as a JSON array.
 */
export function ocsfEvents(report: AuditReport, version: string): object[] {
    const time = Date.parse(report.generatedAt);
    const event = (x: Placed, severity: Severity | null, message: string, status: number, remediation?: string) => {
        const rule = RULES_BY_ID.get(x.ruleId as RuleId);
        const region = x.region ?? undefined;
        return {
            metadata: { version: OCSF_VERSION, profiles: ["cloud"], product: { name: "s3-logging", vendor_name: "s3-access-logging", version }, event_code: x.ruleId },
            category_uid: 2, category_name: "Findings",
            class_uid: CLASS_UID, class_name: "Compliance Finding",
            activity_id: ACTIVITY_CREATE, activity_name: "Create",
            type_uid: CLASS_UID * 100 + ACTIVITY_CREATE, type_name: "Compliance Finding: Create",
            severity_id: severity ? SEVERITY_ID[severity] : 1,
            severity: severity ? severity[0].toUpperCase() + severity.slice(1) : "Informational",
            status_id: 1, status: "New",
            time, time_dt: report.generatedAt,
            message,
            finding_info: { uid: findingId(x), title: rule?.title ?? x.ruleId, desc: message, types: ["S3 server access logging"], created_time: time },
            compliance: {
                control: x.ruleId, standards: ["s3-access-logging"], status_id: status, desc: rule?.description,
                checks: [{ uid: x.ruleId, name: rule?.title ?? x.ruleId, severity: rule?.severity, status_id: status }],
            },
            resources: [{
                uid: bucketArn(x.bucket, region ?? "us-east-1"), name: x.bucket, type: "AwsS3Bucket", region,
                cloud_partition: partitionOf(region ?? "us-east-1"),
            }],
            ...(remediation ? { remediation: { desc: remediation } } : {}),
            // The cloud profile: where the resource lives.
            cloud: { provider: "AWS", region, ...(x.accountId ? { account: { uid: x.accountId, type: "AWS Account", type_id: 10 } } : {}) },
        };
    };
    return [
        ...report.findings.map((f) => event(f, f.severity, f.message, COMPLIANCE_FAIL, f.remediation)),
        ...report.unevaluated.map((u) => event(u, null, `could not evaluate ${u.ruleId} for ${u.bucket}: ${u.reason}`, COMPLIANCE_UNKNOWN)),
    ];
}

export function formatOcsf(report: AuditReport, version: string): string {
    return JSON.stringify(ocsfEvents(report, version), null, 2) + "\n";
}
