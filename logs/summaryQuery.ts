/**
 * The summary in SQL, computed in the same scan that checks every row: one GROUPING SETS pass
 * gives, per file, validity and exclusion reason, the totals and the counts of the dimensions
 * with few values, and the counts of each dimension with many values. Rows that are not valid
 * are left out of the dimensions; their lines are re-counted from the fallback table.
 */

/** What `logs` prints as its summary (the JSON shape of `logs --format json`). */
export interface LogSummary {
    requests: number;
    from: string | null;
    to: string | null;
    bytesSent: number;
    byOperation: { value: string; count: number }[];
    byStatusClass: { value: string; count: number }[];
    byRequester: { value: string; count: number }[];
    byRemoteIp: { value: string; count: number }[];
    topKeys: { value: string; count: number }[];
    errorCodes: { value: string; count: number }[];
}

type Dimension = { dim: keyof LogSummary; value: string };

/**
 * Dimensions with a few values each: counted along with the per-file totals in one grouping
 * (a handful of groups), which costs less than a hash table of their own (measured).
 */
const FEW: Dimension[] = [
    { dim: "byOperation", value: "coalesce(operation, '-')" },
    { dim: "byStatusClass", value: "CASE WHEN httpstatus IS NULL THEN '-' WHEN httpstatus BETWEEN 0 AND 599 THEN (httpstatus // 100)::VARCHAR || 'xx' ELSE 'other' END" },
    { dim: "errorCodes", value: "errorcode" },
];

/** Dimensions with many values (NULL is not counted), each its own grouping. */
const MANY: Dimension[] = [
    { dim: "byRequester", value: "coalesce(requester, '-')" },
    { dim: "byRemoteIp", value: "coalesce(remoteip, '-')" },
    { dim: "topKeys", value: "key" },
];

const counted = (value: string, column: string) => `CASE WHEN valid AND dropped IS NULL THEN ${value} END AS ${column}`;

/** Values of each MANY dimension the scan keeps: the summary shows at most this many. */
export const TOP_KEPT = 100;

const topKept = (relation: string, dim: string) => `(SELECT * FROM ${relation} WHERE dim = '${dim}' AND value IS NOT NULL ORDER BY n DESC, value LIMIT ${TOP_KEPT})`;

/**
 * `parts` rows of a relation with the record columns plus `valid` and `dropped` (NULL =
 * selected). Rows of the totals grouping have `dim` NULL, their file, validity and exclusion
 * reason, and the values of the FEW dimensions (`f0`…, NULL unless valid and selected). Each
 * MANY dimension keeps its TOP_KEPT first values (`dim`, `value`, `n`): not all of them, whose
 * table would cost a good part of the scan (measured).
 */
export function partsSql(relation: string, source: "csv" | "fallback"): string {
    const few = FEW.map((d, i) => `f${i}`);
    const many = MANY.map((d, i) => `m${i}`);
    const values = [...FEW.map((d, i) => counted(d.value, few[i])), ...MANY.map((d, i) => counted(d.value, many[i]))];
    const sets = [`(file, valid, dropped, ${few.join(", ")})`, ...many.map((m) => `(${m})`)];
    const dims = MANY.map((d, i) => `WHEN grouping(${many[i]}) = 0 THEN '${d.dim}'`);
    const groups = `SELECT '${source}' AS source, file, valid, dropped, ${few.join(", ")}, CASE ${dims.join(" ")} END AS dim, coalesce(${many.join(", ")}) AS value, count(*) AS n, `
        + `sum(bytessent) AS bytes, min(time) AS first, max(time) AS last FROM (SELECT *, ${values.join(", ")} FROM (${relation})) GROUP BY GROUPING SETS (${sets.join(", ")})`;
    const kept = ["SELECT * FROM groups WHERE dim IS NULL", ...MANY.map((d) => topKept("groups", d.dim))];
    return `WITH groups AS (${groups}) ${kept.join(" UNION ALL ")}`;
}

/** Rows of the totals grouping. */
const TOTALS = "FROM parts WHERE dim IS NULL";

/** The selected records' totals. */
export const SELECTED_TOTAL_SQL = `SELECT coalesce(sum(n), 0) AS requests, coalesce(sum(bytes), 0) AS bytes, min(first) AS first, max(last) AS last ${TOTALS} AND valid AND dropped IS NULL`;

/** How many records each exclusion reason dropped. */
export const DROPPED_SQL = `SELECT dropped AS reason, sum(n) AS records ${TOTALS} AND valid AND dropped IS NOT NULL GROUP BY dropped ORDER BY records DESC`;

/** Records read by DuckDB: its valid rows. */
export const CSV_RECORDS_SQL = `SELECT coalesce(sum(n), 0) AS n ${TOTALS} AND source = 'csv' AND valid`;

/** Per file with a row DuckDB did not read exactly as the TypeScript parser does: its rows, and those not valid. */
export const INVALID_SQL = `SELECT file, sum(n) AS rows, sum(n) FILTER (WHERE NOT valid) AS invalid ${TOTALS} AND source = 'csv' GROUP BY file HAVING invalid > 0`;

/**
 * Each dimension's `top` values by count, ties by value: `(dim, top: [{value, count}])`. The
 * FEW from the totals; the MANY from the values the scan kept, unless the parser's records
 * add to their counts (`merge`): then they are counted again over the view `access_logs` (a
 * second scan, only when some lines went to the parser).
 */
export function topSql(top: number, merge: boolean): string {
    if (top > TOP_KEPT) throw new Error(`the summary keeps at most ${TOP_KEPT} values of a dimension`);
    const topN = (dim: string, value: string, count: string, from: string) =>
        `(SELECT '${dim}' AS dim, ${value} AS value, ${count} AS count ${from} AND ${value} IS NOT NULL GROUP BY ${value} ORDER BY count DESC, value LIMIT ${top})`;
    const recounted = `(SELECT CASE ${MANY.map((d, i) => `WHEN grouping(m${i}) = 0 THEN '${d.dim}'`).join(" ")} END AS dim, coalesce(${MANY.map((d, i) => `m${i}`).join(", ")}) AS value, count(*) AS n `
        + `FROM (SELECT ${MANY.map((d, i) => `${d.value} AS m${i}`).join(", ")} FROM access_logs) GROUP BY GROUPING SETS (${MANY.map((d, i) => `(m${i})`).join(", ")}))`;
    const lists = [
        ...FEW.map((d, i) => topN(d.dim, `f${i}`, "sum(n)", TOTALS)),
        ...MANY.map((d) => topN(d.dim, "value", "sum(n)", `FROM ${merge ? recounted : "parts"} WHERE dim = '${d.dim}'`)),
    ];
    return `SELECT dim, list({value: value, count: count} ORDER BY count DESC, value) AS top FROM (${lists.join(" UNION ALL ")}) GROUP BY dim`;
}

/** Whether the parser's records add to the dimension counts of the scan. */
export const MERGE_SQL = `SELECT count(*) > 0 AS merge ${TOTALS} AND source = 'fallback' AND valid AND dropped IS NULL`;

export const SUMMARY_DIMENSIONS = [...FEW, ...MANY].map((d) => d.dim);
