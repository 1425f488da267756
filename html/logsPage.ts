import { cards, chartBox, escapeHtml, htmlPage } from "./page";

interface Count { value: string; count: number }

/** The JSON summary exactly as `logs --format json` prints it. */
export interface LogsSummaryJson {
    source: string;
    stats: { objects?: number; lines: number; records: number; malformed: number; recovered?: number };
    summary: {
        requests: number; from: string | null; to: string | null; bytesSent: number;
        byOperation: Count[]; byStatusClass: Count[]; byRequester: Count[]; byRemoteIp: Count[]; topKeys: Count[]; errorCodes: Count[];
    };
}

/** One answered question of the logs query catalogue. */
export interface CatalogueAnswer {
    name: string;
    title: string;
    columns: string[];
    /** Rows in column order. */
    rows: unknown[][];
}

export interface LogsPageInput {
    report: LogsSummaryJson;
    /** Requests per time step (see RequestsOverTime). */
    timeline?: { time: string; requests: number }[];
    answers?: CatalogueAnswer[];
}

/** A top list as text, for its chart's text alternative. */
const listed = (rows: Count[]) => rows.map((r) => `${r.value} ${r.count}`).join("; ") || "none";

const cell = (v: unknown) => escapeHtml(v === null || v === undefined ? "–" : typeof v === "object" ? JSON.stringify(v) : String(v));

function countTable(id: string, title: string, rows: Count[]): string {
    const body = rows.length === 0 ? `<p class="empty">none</p>`
        : `<table id="${id}"><thead><tr><th>${escapeHtml(title)}</th><th class="num">requests</th></tr></thead><tbody>`
            + rows.map((r) => `<tr><td>${escapeHtml(r.value)}</td><td class="num">${r.count}</td></tr>`).join("") + `</tbody></table>`;
    return `<div><h2>Top ${escapeHtml(title)}s</h2>${body}</div>`;
}

/** Rows shown of one answer: some questions (deletes, anonymous requests) have a row per request, and a browser lays out a table of 100,000 rows for minutes. */
const MAX_ROWS = 1000;

function answerSection(answer: CatalogueAnswer): string {
    const { rows } = answer;
    const more = rows.length <= MAX_ROWS ? ""
        : `<p class="empty">The first ${MAX_ROWS.toLocaleString("en")} of ${rows.length.toLocaleString("en")} rows; <code>s3-logging logs … --query ${escapeHtml(answer.name)} --format csv</code> prints them all.</p>`;
    const table = rows.length === 0 ? `<p class="empty">No rows: nothing of this kind in the window.</p>`
        : `${more}<div class="scroll"><table class="answer" data-answer="${escapeHtml(answer.name)}"><thead><tr>${answer.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("")}</tr></thead><tbody>`
            + rows.slice(0, MAX_ROWS).map((r) => `<tr>${r.map((v) => `<td>${cell(v)}</td>`).join("")}</tr>`).join("") + `</tbody></table></div>`;
    return `<div><h2>${escapeHtml(answer.title)} <code>${escapeHtml(answer.name)}</code></h2>${table}</div>`;
}

const SCRIPT = `
const bar = (id, rows, color) => new Chart(document.getElementById(id), {
  type: "bar",
  data: { labels: rows.map((r) => r.value), datasets: [{ label: "requests", data: rows.map((r) => r.count), backgroundColor: color }] },
  options: { indexAxis: "y", maintainAspectRatio: false, plugins: { legend: { display: false } }, scales: { x: { ticks: { precision: 0 } } } },
});
new Chart(document.getElementById("time-chart"), {
  type: "line",
  data: { labels: DATA.timeline.map((p) => p.time.replace("T", " ").slice(0, 16)), datasets: [{ label: "requests", data: DATA.timeline.map((p) => p.requests), borderColor: "#0969da", backgroundColor: "rgba(9,105,218,.15)", fill: true, pointRadius: 0 }] },
  options: { maintainAspectRatio: false, plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
});
const statusColors = { "2xx": "#2da44e", "3xx": "#54aeff", "4xx": "#d4a72c", "5xx": "#cf222e" };
new Chart(document.getElementById("status-chart"), {
  type: "doughnut",
  data: { labels: DATA.status.map((r) => r.value), datasets: [{ data: DATA.status.map((r) => r.count), backgroundColor: DATA.status.map((r) => statusColors[r.value] || "#8c959f") }] },
  options: { maintainAspectRatio: false, plugins: { legend: { position: "right" } } },
});
bar("requester-chart", DATA.requesters, "#8250df");
bar("ip-chart", DATA.ips, "#1a7f37");
bar("key-chart", DATA.keys, "#bc4c00");`;

/** `logs --format html`: the summary and the catalogue's answers as one self-contained page. */
export function formatLogsHtml(input: LogsPageInput): string {
    const { source, stats, summary: s } = input.report;
    const answers = input.answers ?? [];
    const body = `
<section>${cards([
        { label: "requests", value: s.requests, metric: "requests" },
        { label: "MB sent", value: (s.bytesSent / 1024 / 1024).toFixed(1), metric: "mbSent" },
        { label: "log objects", value: stats.objects ?? "–", metric: "objects" },
        { label: "records", value: stats.records, metric: "records" },
        { label: "malformed lines", value: stats.malformed, metric: "malformed", tone: stats.malformed ? "warn" : undefined },
        { label: "errors (4xx/5xx)", value: s.byStatusClass.filter((c) => /^[45]/.test(c.value)).reduce((n, c) => n + c.count, 0), metric: "errorRequests" },
    ])}<p>${s.from ? `From ${escapeHtml(s.from)} to ${escapeHtml(s.to)}` : "No request in the window."}</p></section>
<section class="charts">${chartBox("time-chart", "Requests over time", s.from ? `${s.requests} requests from ${s.from} to ${s.to}` : "none")}${chartBox("status-chart", "Status classes", listed(s.byStatusClass))}</section>
<section class="charts">${chartBox("requester-chart", "Top requesters", listed(s.byRequester))}${chartBox("ip-chart", "Top remote IPs", listed(s.byRemoteIp))}${chartBox("key-chart", "Top keys", listed(s.topKeys))}</section>
<section class="charts">${countTable("operations", "operation", s.byOperation)}${countTable("error-codes", "error code", s.errorCodes)}${countTable("requesters", "requester", s.byRequester)}${countTable("ips", "remote IP", s.byRemoteIp)}${countTable("keys", "key", s.topKeys)}</section>
<section><h2>Security questions</h2>${answers.length === 0
        ? `<p class="empty">No catalogue answers in this run.</p>`
        : answers.map(answerSection).join("")}</section>`;
    return htmlPage({
        title: "S3 server access logs",
        subtitle: source,
        body,
        data: { timeline: input.timeline ?? [], status: s.byStatusClass, requesters: s.byRequester, ips: s.byRemoteIp, keys: s.topKeys },
        script: SCRIPT,
    });
}
