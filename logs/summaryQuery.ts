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

const counted = (d: Dimension, column: string) => `CASE WHEN valid AND dropped IS NULL THEN ${d.value} END AS ${column}`;

/**
 * `parts` rows of a relation with the record columns plus `valid` and `dropped` (NULL =
 * selected). Rows of the totals grouping have `dim` NULL, their file, validity and exclusion
 * reason, and the values of the FEW dimensions (`f0`…, NULL unless valid and selected); rows
 * of a MANY grouping have its `dim` and `value` (NULL for rows not counted).
 */
export function partsSql(relation: string, source: "csv" | "fallback"): string {
    const few = FEW.map((d, i) => `f${i}`);
    const many = MANY.map((d, i) => `m${i}`);
    const values = [...FEW.map((d, i) => counted(d, few[i])), ...MANY.map((d, i) => counted(d, many[i]))].join(", ");
    const dim = `CASE ${MANY.map((d, i) => `WHEN grouping(${many[i]}) = 0 THEN '${d.dim}'`).join(" ")} END`;
    const sets = [`(file, valid, dropped, ${few.join(", ")})`, ...many.map((m) => `(${m})`)].join(", ");
    return `SELECT '${source}' AS source, file, valid, dropped, ${few.join(", ")}, ${dim} AS dim, coalesce(${many.join(", ")}) AS value, count(*) AS n, `
        + `sum(bytessent) AS bytes, min(time) AS first, max(time) AS last FROM (SELECT *, ${values} FROM (${relation})) GROUP BY GROUPING SETS (${sets})`;
}

/** Rows of the totals grouping. */
const TOTALS = "FROM parts WHERE dim IS NULL";

export const SELECTED_TOTAL_SQL = `SELECT coalesce(sum(n), 0) AS requests, coalesce(sum(bytes), 0) AS bytes, min(first) AS first, max(last) AS last ${TOTALS} AND valid AND dropped IS NULL`;

/** How many records each exclusion reason dropped. */
export const DROPPED_SQL = `SELECT dropped AS reason, sum(n) AS records ${TOTALS} AND valid AND dropped IS NOT NULL GROUP BY dropped ORDER BY records DESC`;

/** Records read by DuckDB: its valid rows. */
export const CSV_RECORDS_SQL = `SELECT coalesce(sum(n), 0) AS n ${TOTALS} AND source = 'csv' AND valid`;

/** Per file with a row DuckDB did not read exactly as the TypeScript parser does: its rows, and those not valid. */
export const INVALID_SQL = `SELECT file, sum(n) AS rows, sum(n) FILTER (WHERE NOT valid) AS invalid ${TOTALS} AND source = 'csv' GROUP BY file HAVING invalid > 0`;

/**
 * Each dimension's `top` values by count, ties by value: `(dim, top: [{value, count}])`. A
 * MANY dimension counts each value once in the scan; only the parser's records (`merge`) make
 * it count some twice, to be added up (a Top-N per dimension costs less than ranking all of
 * them together: measured).
 */
export function topSql(top: number, merge: boolean): string {
    const topN = (dim: string, value: string, count: string, from: string) =>
        `(SELECT '${dim}' AS dim, ${value} AS value, ${count} AS count ${from} AND ${value} IS NOT NULL${count === "n" ? "" : ` GROUP BY ${value}`} ORDER BY count DESC, value LIMIT ${top})`;
    const lists = [
        ...FEW.map((d, i) => topN(d.dim, `f${i}`, "sum(n)", TOTALS)),
        ...MANY.map((d) => topN(d.dim, "value", merge ? "sum(n)" : "n", `FROM parts WHERE dim = '${d.dim}'`)),
    ];
    return `SELECT dim, list({value: value, count: count} ORDER BY count DESC, value) AS top FROM (${lists.join(" UNION ALL ")}) GROUP BY dim`;
}

/** Whether the parser's records add to the dimension counts of the scan. */
export const MERGE_SQL = `SELECT count(*) > 0 AS merge ${TOTALS} AND source = 'fallback' AND valid AND dropped IS NULL`;

export const SUMMARY_DIMENSIONS = [...FEW, ...MANY].map((d) => d.dim);
