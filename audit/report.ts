import { activeLogging, Evaluation, Finding, Severity, Unevaluated } from "../engine";
import { AuditError } from "./gather";

export type ReportStatus = "compliant" | "non-compliant" | "exempt" | "error";

/** The audit's JSON output, schema version 1 (documented in the README). */
export interface AuditReport {
    schemaVersion: 1;
    generatedAt: string;
    summary: { accounts: number; buckets: number; compliant: number; nonCompliant: number; exempt: number; errors: number };
    /** Present when the run audited one shard of the accounts (`--shard index/count`). */
    shard?: { index: number; count: number };
    buckets: { accountId: string; region: string; bucket: string; status: ReportStatus; target: { bucket: string; prefix: string } | null; exemption?: string }[];
    findings: { ruleId: string; severity: Severity; accountId: string | null; region: string | null; bucket: string; target: { bucket: string; prefix: string } | null; message: string; remediation: string }[];
    /** Checks that could not run for a bucket, and why. */
    unevaluated: { ruleId: string; accountId: string | null; region: string | null; bucket: string; reason: string }[];
    errors: AuditError[];
}

export function buildReport(evaluation: Evaluation, errors: AuditError[], accounts: number, now = new Date()): AuditReport {
    const buckets: AuditReport["buckets"] = [];
    for (const [name, status] of evaluation.statuses) {
        const facts = evaluation.graph.get(name)!;
        const logging = activeLogging(facts);
        buckets.push({
            accountId: String(facts.accountId),
            region: String(facts.region),
            bucket: name,
            status: status === "unknown" ? "error" : status,
            target: logging ? { bucket: logging.targetBucket, prefix: logging.targetPrefix } : null,
            ...(facts.exemption ? { exemption: facts.exemption } : {}),
        });
    }
    buckets.sort((a, b) => a.accountId.localeCompare(b.accountId) || a.region.localeCompare(b.region) || a.bucket.localeCompare(b.bucket));
    const count = (s: ReportStatus) => buckets.filter((b) => b.status === s).length;
    const place = (x: Finding | Unevaluated) => ({ accountId: x.accountId ?? null, region: x.region ?? null });
    return {
        schemaVersion: 1,
        generatedAt: now.toISOString(),
        summary: {
            accounts,
            buckets: buckets.length,
            compliant: count("compliant"),
            nonCompliant: count("non-compliant"),
            exempt: count("exempt"),
            errors: errors.length,
        },
        buckets,
        findings: evaluation.findings.map((f) => ({
            ruleId: f.ruleId, severity: f.severity, ...place(f), bucket: f.bucket, target: f.target, message: f.message, remediation: f.remediation,
        })),
        unevaluated: evaluation.unevaluated.map((u) => ({ ruleId: u.ruleId, ...place(u), bucket: u.bucket, reason: u.reason })),
        errors,
    };
}

/** 2 if anything could not be evaluated, else 1 if there are findings, else 0. */
export function exitCode(report: AuditReport): 0 | 1 | 2 {
    if (report.errors.length > 0 || report.unevaluated.length > 0) return 2;
    return report.findings.length > 0 ? 1 : 0;
}
