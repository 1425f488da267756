import { RULES, Severity } from "../engine";
import { AuditReport } from "../audit/report";
import { cards, chartBox, escapeHtml, htmlPage } from "./page";

const SEVERITIES: Severity[] = ["critical", "high", "medium", "low"];
const COLORS: Record<Severity, string> = { critical: "#a40e26", high: "#cf222e", medium: "#d4a72c", low: "#54aeff" };

interface GridCell { buckets: number; nonCompliant: number; errors: number; compliant: number; exempt: number }

/** Buckets by account and Region; accounts that could not be read at all show only errors. */
function grid(report: AuditReport): { accounts: string[]; regions: string[]; cells: Map<string, GridCell>; accountErrors: Map<string, number> } {
    const cells = new Map<string, GridCell>();
    for (const b of report.buckets) {
        const key = `${b.accountId}/${b.region}`;
        const cell = cells.get(key) ?? { buckets: 0, nonCompliant: 0, errors: 0, compliant: 0, exempt: 0 };
        cell.buckets++;
        if (b.status === "non-compliant") cell.nonCompliant++;
        else if (b.status === "error") cell.errors++;
        else if (b.status === "compliant") cell.compliant++;
        else cell.exempt++;
        cells.set(key, cell);
    }
    const accountErrors = new Map<string, number>();
    for (const e of report.errors) if (e.accountId && !e.bucket) accountErrors.set(e.accountId, (accountErrors.get(e.accountId) ?? 0) + 1);
    const accounts = [...new Set([...report.buckets.map((b) => b.accountId), ...accountErrors.keys()])].sort();
    const regions = [...new Set(report.buckets.map((b) => b.region))].sort();
    return { accounts, regions, cells, accountErrors };
}

function gridTable(report: AuditReport): string {
    const { accounts, regions, cells, accountErrors } = grid(report);
    if (accounts.length === 0) return `<p class="empty">No account was audited.</p>`;
    const cell = (account: string, region: string) => {
        const c = cells.get(`${account}/${region}`);
        const at = escapeHtml(`${account}/${region}`);
        if (accountErrors.has(account) && !c) return `<td class="cell-error" data-cell="${at}">could not read</td>`;
        if (!c) return `<td class="cell-none" data-cell="${at}">–</td>`;
        const tone = c.errors > 0 ? "cell-error" : c.nonCompliant > 0 ? "cell-bad" : "cell-ok";
        const parts = [c.nonCompliant > 0 ? `${c.nonCompliant} non-compliant` : "", c.errors > 0 ? `${c.errors} could not evaluate` : ""].filter(Boolean);
        return `<td class="${tone}" data-cell="${at}" data-non-compliant="${c.nonCompliant}" data-errors="${c.errors}" title="${c.compliant} compliant, ${c.exempt} exempt">`
            + `${parts.length ? parts.join("<br>") : "compliant"}<br><span class="fix">${c.buckets} bucket${c.buckets === 1 ? "" : "s"}</span></td>`;
    };
    return `<div class="scroll"><table class="grid"><thead><tr><th>account</th>${regions.map((r) => `<th>${escapeHtml(r)}</th>`).join("")}</tr></thead><tbody>`
        + accounts.map((a) => `<tr><th>${escapeHtml(a)}</th>${regions.map((r) => cell(a, r)).join("")}</tr>`).join("")
        + `</tbody></table></div>`;
}

function findingsTable(report: AuditReport): string {
    if (report.findings.length === 0) return `<p class="empty">No findings.</p>`;
    const rank = (s: Severity) => SEVERITIES.indexOf(s);
    const rules = [...new Set(report.findings.map((f) => f.ruleId))].sort();
    return `<div class="filters"><input id="finding-filter" type="search" placeholder="filter: bucket, account, rule, text…" aria-label="filter findings">
<select id="severity-filter" data-field="severity" aria-label="severity"><option value="">every severity</option>${SEVERITIES.map((s) => `<option>${s}</option>`).join("")}</select>
<select id="rule-filter" data-field="rule" aria-label="rule"><option value="">every rule</option>${rules.map((r) => `<option>${escapeHtml(r)}</option>`).join("")}</select>
<span id="finding-count"></span></div>
<div class="scroll"><table id="findings" class="filterable" data-filters="finding-filter severity-filter rule-filter" data-count="finding-count"><thead><tr>`
        + ["severity", "rule", "account", "region", "bucket", "target", "finding and fix"].map((h) => `<th class="sortable">${h}</th>`).join("")
        + `</tr></thead><tbody>`
        + [...report.findings].sort((a, b) => rank(a.severity) - rank(b.severity)).map((f) => `<tr data-severity="${f.severity}" data-rule="${escapeHtml(f.ruleId)}">`
            + `<td data-sort="${rank(f.severity)}"><span class="pill sev-${f.severity}">${f.severity}</span></td><td><code>${escapeHtml(f.ruleId)}</code></td>`
            + `<td>${escapeHtml(f.accountId ?? "–")}</td><td>${escapeHtml(f.region ?? "–")}</td><td>${escapeHtml(f.bucket)}</td><td>${escapeHtml(f.target?.bucket ?? "–")}</td>`
            + `<td>${escapeHtml(f.message)}<div class="fix">Fix: ${escapeHtml(f.remediation)}</div></td></tr>`).join("")
        + `</tbody></table></div>`;
}

function problemsTable(report: AuditReport): string {
    const rows = [
        ...report.unevaluated.map((u) => [u.accountId ?? "–", u.region ?? "–", u.bucket, `could not evaluate ${u.ruleId}`, u.reason]),
        ...report.errors.map((e) => [e.accountId ?? "–", e.region ?? "–", e.bucket ?? "–", e.operation, e.message]),
    ];
    if (rows.length === 0) return `<p class="empty">Every check ran.</p>`;
    return `<div class="scroll"><table id="problems"><thead><tr><th>account</th><th>region</th><th>bucket</th><th>what</th><th>why</th></tr></thead><tbody>`
        + rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join("")}</tr>`).join("") + `</tbody></table></div>`;
}

/** Findings by rule and severity, in the order of the rule list. */
function findingsByRule(report: AuditReport): { rules: string[]; series: { severity: Severity; counts: number[] }[] } {
    const rules = RULES.map((r) => r.id as string).filter((id) => report.findings.some((f) => f.ruleId === id));
    return {
        rules,
        series: SEVERITIES.map((severity) => ({ severity, counts: rules.map((r) => report.findings.filter((f) => f.ruleId === r && f.severity === severity).length) })),
    };
}

/** The rule chart's numbers as text: "rule 2 critical, 1 high; …". */
function describeByRule({ rules, series }: ReturnType<typeof findingsByRule>): string {
    return rules.map((r, i) => `${r} ${series.filter((s) => s.counts[i] > 0).map((s) => `${s.counts[i]} ${s.severity}`).join(", ")}`).join("; ") || "no findings";
}

const SCRIPT = `
const statusColors = { compliant: "#2da44e", "non-compliant": "#cf222e", exempt: "#8c959f", "could not evaluate": "#d4a72c" };
new Chart(document.getElementById("status-chart"), {
  type: "doughnut",
  data: { labels: Object.keys(DATA.statuses), datasets: [{ data: Object.values(DATA.statuses), backgroundColor: Object.keys(DATA.statuses).map((k) => statusColors[k]) }] },
  options: { maintainAspectRatio: false, plugins: { legend: { position: "right" } } },
});
new Chart(document.getElementById("rule-chart"), {
  type: "bar",
  data: { labels: DATA.byRule.rules, datasets: DATA.byRule.series.map((s) => ({ label: s.severity, data: s.counts, backgroundColor: DATA.colors[s.severity] })) },
  options: { indexAxis: "y", maintainAspectRatio: false, scales: { x: { stacked: true, ticks: { precision: 0 } }, y: { stacked: true } } },
});`;

/** `audit --format html`: one self-contained page for people who would rather look than read. */
export function formatHtml(report: AuditReport): string {
    const s = report.summary;
    const couldNot = report.unevaluated.length;
    const byRule = findingsByRule(report);
    const statuses = { compliant: s.compliant, "non-compliant": s.nonCompliant, exempt: s.exempt, "could not evaluate": s.buckets - s.compliant - s.nonCompliant - s.exempt };
    const body = `
<section>${cards([
        { label: "accounts", value: s.accounts, metric: "accounts" },
        { label: "buckets", value: s.buckets, metric: "buckets" },
        { label: "compliant", value: s.compliant, metric: "compliant", tone: "good" },
        { label: "non-compliant", value: s.nonCompliant, metric: "nonCompliant", tone: s.nonCompliant ? "bad" : undefined },
        { label: "exempt", value: s.exempt, metric: "exempt" },
        { label: "findings", value: report.findings.length, metric: "findings", tone: report.findings.length ? "bad" : undefined },
        { label: "could not evaluate", value: couldNot, metric: "unevaluated", tone: couldNot ? "warn" : undefined },
        { label: "errors", value: s.errors, metric: "errors", tone: s.errors ? "warn" : undefined },
    ])}</section>
<section><h2>Compliance by account and Region</h2>${gridTable(report)}</section>
<section class="charts">${chartBox("status-chart", "Buckets by status", Object.entries(statuses).map(([k, n]) => `${k} ${n}`).join(", "))}${chartBox("rule-chart", "Findings by rule and severity", describeByRule(byRule))}</section>
<section><h2>Findings</h2>${findingsTable(report)}</section>
<section><h2>Could not evaluate, and errors</h2>${problemsTable(report)}</section>`;
    return htmlPage({
        title: "S3 server access logging audit",
        subtitle: `${s.accounts} accounts, ${s.buckets} buckets; generated ${report.generatedAt}`,
        body,
        data: { statuses, byRule, colors: COLORS },
        script: SCRIPT,
    });
}
