import { stringify } from "csv-stringify/sync";
import { LOG_FIELDS } from "./fields";
import { Answer, LoadStats } from "./logDatabase";
import { LogRecord } from "./parser";
import { LogSummary } from "./summary";

export type LogsFormat = "table" | "json" | "csv";

const DIMENSIONS: [keyof LogSummary, string][] = [
    ["byOperation", "operation"], ["byStatusClass", "status"], ["byRequester", "requester"],
    ["byRemoteIp", "remote IP"], ["topKeys", "key"], ["errorCodes", "error code"],
];

/** The summary for people, JSON or CSV (one row per dimension and value). */
export function formatSummary(summary: LogSummary, stats: LoadStats, format: LogsFormat, source: string): string {
    if (format === "json") return JSON.stringify({ source, stats, summary }, null, 2) + "\n";
    if (format === "csv") {
        const rows = DIMENSIONS.flatMap(([dim, label]) => (summary[dim] as { value: string; count: number }[]).map((x) => [label, x.value, x.count]));
        return stringify([["dimension", "value", "requests"], ["total", "requests", summary.requests], ["total", "bytes sent", summary.bytesSent], ...rows]);
    }
    const lines = [
        `${source}: ${summary.requests} requests${summary.from ? ` from ${summary.from} to ${summary.to}` : ""}, ${(summary.bytesSent / 1024 / 1024).toFixed(1)} MB sent`,
        `read ${stats.objects} log objects, ${stats.lines} lines: ${stats.records} records, ${stats.malformed} malformed${stats.recovered ? `, ${stats.recovered} re-aligned (unquoted fields)` : ""}`,
        ...stats.malformedSamples.slice(0, 5).map((m) => `  malformed line ${m.line}: ${m.reason}`),
        ...droppedLines(stats),
        ...(stats.parsedByTypeScript.length ? [`read by the TypeScript parser (lines DuckDB cannot read exactly): ${stats.parsedByTypeScript.join(", ")}`] : []),
    ];
    for (const [dim, label] of DIMENSIONS) {
        const rows = summary[dim] as { value: string; count: number }[];
        if (rows.length === 0) continue;
        lines.push("", `${label}:`);
        const width = Math.max(...rows.map((r) => String(r.count).length));
        for (const r of rows) lines.push(`  ${String(r.count).padStart(width)}  ${r.value}`);
    }
    return lines.join("\n") + "\n";
}

/** One record as a line of the chosen format (NDJSON, CSV, or a compact table row). */
export function recordWriter(format: LogsFormat): { header: string; line: (r: LogRecord) => string } {
    if (format === "json") return { header: "", line: (r) => JSON.stringify(r) + "\n" };
    if (format === "csv") {
        const names = LOG_FIELDS.map((f) => f.name);
        return { header: stringify([names]), line: (r) => stringify([names.map((n) => (r as unknown as Record<string, unknown>)[n] ?? "")]) };
    }
    return {
        header: "TIME                      STATUS  OPERATION             REQUESTER / IP  KEY\n",
        line: (r) => `${r.time}  ${String(r.httpStatus ?? "-").padEnd(6)}  ${(r.operation ?? "-").padEnd(20)}  ${r.requester ?? r.remoteIp ?? "-"}  ${r.key ?? "-"}\n`,
    };
}

/** Says how many records the window and filters left out, and why. */
function droppedLines(stats: LoadStats): string[] {
    return stats.excluded.map((x) => `left out ${x.records} records ${x.reason}`);
}

/** A query's answer: an aligned table, JSON (an array of row objects) or CSV with a header. */
export function formatAnswer(answer: Answer, format: LogsFormat): string {
    const text = (v: unknown) => (v === null || v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : String(v));
    if (format === "json") return JSON.stringify(answer.rows.map((row) => Object.fromEntries(answer.columns.map((c, i) => [c, row[i]]))), null, 2) + "\n";
    if (format === "csv") return stringify([answer.columns, ...answer.rows.map((row) => row.map(text))]);
    const cells = [answer.columns, ...answer.rows.map((row) => row.map((v) => (v === null ? "-" : text(v))))];
    const widths = answer.columns.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
    const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();
    return [line(cells[0]), widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(line), `(${answer.rows.length} rows)`].join("\n") + "\n";
}
