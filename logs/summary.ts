import { LogDatabase } from "./logDatabase";
import { LogSummary, MERGE_SQL, SELECTED_TOTAL_SQL, SUMMARY_DIMENSIONS, topSql } from "./summaryQuery";

export { LogSummary } from "./summaryQuery";

/** The summary of the selected records, from the counts `LogDatabase.load` made in its scan. */
export async function summarize(db: LogDatabase, top = 10): Promise<LogSummary> {
    const [total] = await db.objects(SELECTED_TOTAL_SQL);
    const [{ merge }] = await db.objects(MERGE_SQL);
    const tops = new Map((await db.objects(topSql(top, merge as boolean))).map((t) => [t.dim as string, t.top as { value: string; count: number }[]]));
    const lists = Object.fromEntries(SUMMARY_DIMENSIONS.map((d) => [d, (tops.get(d) ?? []).map((x) => ({ value: x.value, count: Number(x.count) }))]));
    return {
        requests: Number(total.requests),
        from: (total.first as string | null) ?? null,
        to: (total.last as string | null) ?? null,
        bytesSent: Number(total.bytes),
        ...lists,
    } as LogSummary;
}
