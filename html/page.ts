import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";

/** Text for HTML element content and attribute values. */
export function escapeHtml(text: string | number | null | undefined): string {
    return String(text ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON safe inside a `<script>` element: `<` never closes it. */
function scriptJson(value: unknown): string {
    return JSON.stringify(value).replace(/</g, "\\u003c");
}

/**
 * Chart.js's self-contained UMD build, read from node_modules when a page is rendered, so the
 * page needs no network and the CLI never loads it at start-up.
 */
function chartLibrary(): string {
    return fs.readFileSync(path.join(path.dirname(require.resolve("chart.js")), "chart.umd.min.js"), "utf8").replace(/<\/script/gi, "<\\/script");
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
header{background:#24292f;color:#fff;padding:16px 24px}header h1{margin:0;font-size:20px}header p{margin:4px 0 0;color:#c9d1d9}
main{padding:16px 24px;max-width:1400px}section{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:12px 16px;margin:0 0 16px}
h2{font-size:16px;margin:0 0 8px}.cards{display:flex;flex-wrap:wrap;gap:12px}.card{border:1px solid #d0d7de;border-radius:6px;padding:8px 14px;min-width:110px;background:#fff}
.card b{display:block;font-size:22px}.card.bad b{color:#cf222e}.card.warn b{color:#9a6700}.card.good b{color:#1a7f37}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(380px,1fr));gap:16px}.chart{position:relative;height:280px}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #d8dee4;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f6f8fa;position:sticky;top:0}th.sortable{cursor:pointer;user-select:none}th.sortable:after{content:" ↕";color:#8c959f}
td.num,th.num{text-align:right}.filters{display:flex;gap:8px;margin:0 0 8px;align-items:center}.filters input{flex:1;padding:4px 8px}
.sev-critical{color:#fff;background:#a40e26}.sev-high{color:#fff;background:#cf222e}.sev-medium{background:#fff8c5}.sev-low{background:#ddf4ff}
.pill{border-radius:10px;padding:0 6px;font-size:12px;white-space:nowrap}.grid td{text-align:center;min-width:90px}
.cell-ok{background:#dafbe1}.cell-bad{background:#ffebe9}.cell-error{background:#fff1c2}.cell-none{color:#8c959f}.fix{color:#57606a;font-size:12px}
.scroll{max-height:560px;overflow:auto}.empty{color:#57606a}`;

/**
 * Makes every `table.filterable` sortable by clicking a header and filterable by the text box
 * and selects named in its `data-filters`; shows "N of M" in its `data-count` element.
 */
const TABLE_SCRIPT = `
for (const table of document.querySelectorAll("table.filterable")) {
  const body = table.tBodies[0], rows = [...body.rows];
  const controls = (table.dataset.filters || "").split(" ").filter(Boolean).map((id) => document.getElementById(id));
  const count = document.getElementById(table.dataset.count);
  const apply = () => {
    let shown = 0;
    for (const row of rows) {
      const ok = controls.every((c) => !c.value || (c.tagName === "SELECT" ? row.dataset[c.dataset.field] === c.value : row.textContent.toLowerCase().includes(c.value.toLowerCase())));
      row.hidden = !ok; if (ok) shown++;
    }
    if (count) count.textContent = shown + " of " + rows.length;
  };
  controls.forEach((c) => c.addEventListener("input", apply));
  table.querySelectorAll("th.sortable").forEach((th, _, all) => th.addEventListener("click", () => {
    const i = th.cellIndex, dir = th.dataset.dir === "asc" ? -1 : 1;
    all.forEach((h) => delete h.dataset.dir); th.dataset.dir = dir === 1 ? "asc" : "desc";
    const key = (r) => r.cells[i].dataset.sort ?? r.cells[i].textContent;
    rows.sort((a, b) => dir * key(a).localeCompare(key(b), undefined, { numeric: true }));
    body.append(...rows);
  }));
  apply();
}`;

export interface PageParts {
    title: string;
    subtitle: string;
    body: string;
    /** Embedded as JSON (`#page-data`) for the page script and for anyone who saves the page. */
    data: unknown;
    /** Draws the charts from `data`; runs after Chart.js is loaded. */
    script: string;
}

/** A CSP source allowing exactly this inline script. */
const scriptHash = (script: string) => `'sha256-${createHash("sha256").update(script, "utf8").digest("base64")}'`;

/**
 * One self-contained HTML file: styles, data, Chart.js and scripts inline; nothing fetched. The
 * Content-Security-Policy allows the page's own two scripts by their hashes, not every inline
 * script: markup that ever slipped past escaping (an event handler, a script element) runs nothing.
 */
export function htmlPage(parts: PageParts): string {
    const scripts = [chartLibrary(), `
const DATA = JSON.parse(document.getElementById("page-data").textContent);
Chart.defaults.animation = false;
${TABLE_SCRIPT}
${parts.script}
`];
    return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src ${scripts.map(scriptHash).join(" ")}; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(parts.title)}</title><style>${STYLE}</style></head>
<body><header><h1>${escapeHtml(parts.title)}</h1><p>${escapeHtml(parts.subtitle)}</p></header>
<main>${parts.body}</main>
<script type="application/json" id="page-data">${scriptJson(parts.data)}</script>
${scripts.map((script) => `<script>${script}</script>`).join("\n")}</body></html>
`;
}

/** A row of numbered cards; each carries `data-metric` so tests and scripts can read it. */
export function cards(items: { label: string; value: number | string; metric: string; tone?: "good" | "bad" | "warn" }[]): string {
    return `<div class="cards">${items.map((c) => `<div class="card ${c.tone ?? ""}" data-metric="${escapeHtml(c.metric)}"><b>${escapeHtml(c.value)}</b>${escapeHtml(c.label)}</div>`).join("")}</div>`;
}

/** A canvas Chart.js draws into; screen readers read it as an image named by its title and `numbers`. */
export function chartBox(id: string, title: string, numbers: string): string {
    return `<div><h2>${escapeHtml(title)}</h2><div class="chart"><canvas id="${id}" role="img" aria-label="${escapeHtml(`${title}: ${numbers}`)}"></canvas></div></div>`;
}
