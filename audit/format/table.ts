import { AuditReport } from "../report";

function table(rows: string[][]): string {
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd()).join("\n");
}

/** For people at a terminal: a summary, then findings, then what could not be checked. */
export function formatTable(report: AuditReport): string {
    const { summary: s } = report;
    const out = [
        `${s.accounts} accounts, ${s.buckets} buckets: ${s.compliant} compliant, ${s.nonCompliant} non-compliant, ${s.exempt} exempt; ${s.errors} errors`,
    ];
    if (report.findings.length > 0) {
        out.push("", table([
            ["SEVERITY", "RULE", "ACCOUNT", "REGION", "BUCKET", "TARGET"],
            ...report.findings.map((f) => [f.severity, f.ruleId, f.accountId ?? "-", f.region ?? "-", f.bucket, f.target?.bucket ?? "-"]),
        ]));
        out.push("", ...report.findings.map((f) => `- ${f.message}`));
    }
    if (report.unevaluated.length > 0) {
        out.push("", "Could not evaluate:", ...report.unevaluated.map((u) => `- ${u.bucket} [${u.ruleId}]: ${u.reason}`));
    }
    if (report.errors.length > 0) {
        out.push("", "Errors:", ...report.errors.map((e) => `- ${[e.accountId, e.region, e.bucket].filter(Boolean).join(" ")} ${e.operation}: ${e.message}`));
    }
    return out.join("\n") + "\n";
}
