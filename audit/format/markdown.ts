import { AuditReport } from "../report";

/**
 * Text as inline Markdown that renders as itself: messages carry target prefixes (any S3 key), so a
 * line break would end the table row and `<img …>`, `[…](…)` or `|` would render as such.
 */
const cell = (v: string | null | undefined) => (v ?? "–").replace(/\r\n?|\n/g, " ").replace(/[\\`*_[\]<>|&!~]/g, "\\$&");

/** For pull-request comments and CI job summaries. */
export function formatMarkdown(report: AuditReport): string {
    const s = report.summary;
    const lines = [
        "# S3 server access logging audit",
        "",
        "| accounts | buckets | compliant | non-compliant | exempt | errors |",
        "|---:|---:|---:|---:|---:|---:|",
        `| ${s.accounts} | ${s.buckets} | ${s.compliant} | ${s.nonCompliant} | ${s.exempt} | ${s.errors} |`,
    ];
    if (report.findings.length > 0) {
        lines.push("", "## Findings", "", "| severity | rule | account | region | bucket | message |", "|---|---|---|---|---|---|");
        for (const f of report.findings) {
            lines.push(`| ${f.severity} | \`${f.ruleId}\` | ${cell(f.accountId)} | ${cell(f.region)} | \`${f.bucket}\` | ${cell(f.message)} |`);
        }
    }
    if (report.unevaluated.length + report.errors.length > 0) {
        lines.push("", "## Could not evaluate", "");
        for (const u of report.unevaluated) lines.push(`- \`${u.bucket}\` (\`${u.ruleId}\`): ${cell(u.reason)}`);
        for (const e of report.errors) lines.push(`- ${cell([e.accountId, e.region, e.bucket].filter(Boolean).join(" "))} — ${cell(e.operation)}: ${cell(e.message)}`);
    }
    return lines.join("\n") + "\n";
}
