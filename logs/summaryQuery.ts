/**
 * The summary in SQL, computed in the same scan that checks every row: one GROUPING SETS pass
 * gives, per file, validity and exclusion reason, the totals, and the counts of each dimension.
 * Rows that are not valid are left out; their lines are re-counted from the fallback table.
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

/** Dimension of the summary → the SQL value counted (NULL is not counted). */
const DIMENSIONS: { dim: keyof LogSummary; value: string }[] = [
    { dim: "byOperation", value: "coalesce(operation, '-')" },
    { dim: "byStatusClass", value: "CASE WHEN httpstatus IS NULL THEN '-' WHEN httpstatus BETWEEN 0 AND 599 THEN (httpstatus // 100)::VARCHAR || 'xx' ELSE 'other' END" },
    { dim: "byRequester", value: "coalesce(requester, '-')" },
    { dim: "byRemoteIp", value: "coalesce(remoteip, '-')" },
    { dim: "topKeys", value: "key" },
    { dim: "errorCodes", value: "errorcode" },
];

/**
 * `parts` rows of a relation with the record columns plus `valid` and `dropped` (NULL =
 * selected). Dimension values are counted for valid, selected rows only: the others count
 * under NULL, which no dimension's own values use (NULLs are `-` or not counted).
 */
export function partsSql(relation: string, source: "csv" | "fallback"): string {
    const values = DIMENSIONS.map((d, i) => `CASE WHEN valid AND dropped IS NULL THEN ${d.value} END AS v${i}`).join(", ");
    const sets = ["(file, valid, dropped)", ...DIMENSIONS.map((_, i) => `(v${i})`)].join(", ");
    const dim = `CASE ${DIMENSIONS.map((d, i) => `WHEN grouping(v${i}) = 0 THEN '${d.dim}'`).join(" ")} ELSE 'total' END`;
    const value = `coalesce(${DIMENSIONS.map((_, i) => `CASE WHEN grouping(v${i}) = 0 THEN v${i} END`).join(", ")})`;
    return `SELECT '${source}' AS source, file, valid, dropped, ${dim} AS dim, ${value} AS value, count(*) AS n, `
        + `sum(bytessent) AS bytes, min(time) AS first, max(time) AS last FROM (SELECT *, ${values} FROM (${relation})) GROUP BY GROUPING SETS (${sets})`;
}

/** Parts that count: all but those of rows that are not valid (dimension parts count valid rows only: their `valid` is NULL). */
const COUNTED = "valid IS NOT false";

export const SELECTED_TOTAL_SQL = `SELECT coalesce(sum(n), 0) AS requests, coalesce(sum(bytes), 0) AS bytes, min(first) AS first, max(last) AS last FROM parts WHERE ${COUNTED} AND dim = 'total' AND dropped IS NULL`;

/** How many records each exclusion reason dropped. */
export const DROPPED_SQL = `SELECT dropped AS reason, sum(n) AS records FROM parts WHERE ${COUNTED} AND dim = 'total' AND dropped IS NOT NULL GROUP BY dropped ORDER BY records DESC`;

/** Records read by DuckDB: its valid rows. */
export const CSV_RECORDS_SQL = `SELECT coalesce(sum(n), 0) AS n FROM parts WHERE source = 'csv' AND ${COUNTED} AND dim = 'total'`;

/** Per file with a row DuckDB did not read exactly as the TypeScript parser does: its rows, and those not valid. */
export const INVALID_SQL = "SELECT file, sum(n) AS rows, sum(n) FILTER (WHERE NOT valid) AS invalid FROM parts WHERE source = 'csv' AND dim = 'total' GROUP BY file HAVING invalid > 0";

/**
 * Each dimension's `top` values by count, ties by value: `(dim, top: [{value, count}])`. The
 * scan counts each value once: only the parser's records (`merge`) make it count some twice.
 */
export function topSql(top: number, merge: boolean): string {
    const counted = `FROM parts WHERE ${COUNTED} AND dim <> 'total' AND value IS NOT NULL`;
    const counts = merge ? `SELECT dim, value, sum(n) AS count ${counted} GROUP BY dim, value` : `SELECT dim, value, n AS count ${counted}`;
    return `SELECT dim, min_by({value: value, count: count}, (-count, value), ${top}) AS top FROM (${counts}) GROUP BY dim`;
}

/** Whether the parser's records add to the dimension counts of the scan. */
export const MERGE_SQL = "SELECT count(*) > 0 AS merge FROM parts WHERE source = 'fallback' AND dim <> 'total'";

export const SUMMARY_DIMENSIONS = DIMENSIONS.map((d) => d.dim);
