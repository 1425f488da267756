import { InputError } from "../engine/inputs";
import { AuditReport } from "./report";

export interface ShardReport {
    /** Where the report came from, for messages. */
    file: string;
    report: AuditReport;
}

const place = (x: { accountId: string | null; region: string | null; bucket: string | null }) => `${x.accountId ?? ""}/${x.region ?? ""}/${x.bucket ?? ""}`;
const byPlace = <T extends { accountId: string | null; region: string | null; bucket: string | null }>(extra: (x: T) => string) =>
    (a: T, b: T) => place(a).localeCompare(place(b)) || extra(a).localeCompare(extra(b));

/** Checks that a parsed file is an audit JSON report (`audit --format json`), naming the file otherwise. */
export function checkReport(value: unknown, file: string): AuditReport {
    const problem = reportProblem(value);
    if (problem !== undefined) {
        throw new InputError("REPORT", `${file} is not an audit report of schema version 1${problem && ` (${problem})`}; write the shards with \`audit --format json --output FILE\`.`);
    }
    return value as AuditReport;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
/** Whether `v` is an object whose `keys` are strings. */
const hasStrings = (v: unknown, keys: string[]) => isRecord(v) && keys.every((k) => typeof v[k] === "string");

/** The members merge reads from each entry of a list: a hand-edited or cut report fails here, not in the merge. */
const ENTRIES: Record<"buckets" | "findings" | "unevaluated", string[]> = {
    buckets: ["bucket", "status"],
    findings: ["ruleId", "bucket", "message"],
    unevaluated: ["ruleId", "bucket", "reason"],
};

/** What is wrong with a report: `""` when it is not one at all, undefined when it is well-formed. */
function reportProblem(value: unknown): string | undefined {
    const r = value as Partial<AuditReport> | null;
    if (!isRecord(r) || r.schemaVersion !== 1 || !isRecord(r.summary) || ![r.buckets, r.findings, r.unevaluated, r.errors].every(Array.isArray)) return "";
    if (typeof r.summary.accounts !== "number") return "summary.accounts is not a number";
    for (const [list, keys] of Object.entries(ENTRIES)) {
        const bad = (r[list as keyof typeof ENTRIES] as unknown[]).findIndex((e) => !hasStrings(e, keys));
        if (bad !== -1) return `${list}[${bad}] has no ${keys.join(", ")}`;
    }
    const badError = r.errors!.findIndex((e) => !isRecord(e));
    return badError === -1 ? undefined : `errors[${badError}] is not an object`;
}

/** Reports of shards must be every shard of one split, each once. */
function checkShards(shards: ShardReport[]): void {
    const split = shards.find((s) => s.report.shard)?.report.shard;
    if (!split) return;
    const seen = new Map<number, string>();
    for (const { file, report } of shards) {
        if (report.shard?.count !== split.count) {
            throw new InputError("REPORT", `${file} is ${report.shard ? `shard ${report.shard.index}/${report.shard.count}` : "not a shard"}, the others of ${split.count} shards; merge the reports of one split.`);
        }
        const other = seen.get(report.shard.index);
        if (other !== undefined) throw new InputError("REPORT", `${other} and ${file} are both shard ${report.shard.index}/${split.count}; give each shard once.`);
        seen.set(report.shard.index, file);
    }
    const missing = Array.from({ length: split.count }, (_, i) => i + 1).filter((i) => !seen.has(i));
    if (missing.length > 0) {
        throw new InputError("REPORT", `shard ${missing.map((i) => `${i}/${split.count}`).join(", ")} missing; give every shard's report (a failed shard job must be run again).`);
    }
}

/**
 * Combines the reports of disjoint shards (`audit --shard i/N`) into the report one run over
 * all their accounts gives: buckets, findings, checks that could not run and errors are
 * united (an error every shard met, such as a failed ListAccounts, once), the summary recounted.
 * One difference remains: the rules that follow a chain of logging (logging-cycle,
 * target-logs-enabled) judge it within each shard. A chain that crosses shards crosses
 * accounts, along which S3 delivers no log; its first such link is reported as
 * target-other-account either way.
 */
export function mergeReports(shards: ShardReport[]): AuditReport {
    checkShards(shards);
    const owner = new Map<string, string>();
    for (const { file, report } of shards) {
        for (const b of report.buckets) {
            const other = owner.get(b.bucket);
            if (other !== undefined && other !== file) {
                throw new InputError("REPORT", `bucket ${b.bucket} is in both ${other} and ${file}; merge the reports of disjoint shards (--shard 1/N … N/N of one organization).`);
            }
            owner.set(b.bucket, file);
        }
    }
    const all = shards.map((s) => s.report);
    const targets = new Set(all.flatMap((r) => r.buckets.map((b) => b.target?.bucket)));
    // A shard sees only its own sources: a bucket without logging that a bucket of another shard
    // logs into is a log bucket, exempt from logging-disabled as in a run over every account.
    const logBucketAtRest = (f: AuditReport["findings"][number]) => f.ruleId === "logging-disabled" && targets.has(f.bucket);
    const findings = all.flatMap((r) => r.findings).filter((f) => !logBucketAtRest(f)).sort(byPlace((f) => f.ruleId));
    const flagged = new Set(findings.map((f) => f.bucket));
    const buckets = all.flatMap((r) => r.buckets)
        .map((b) => (b.status === "non-compliant" && !flagged.has(b.bucket) ? { ...b, status: "exempt" as const } : b))
        .sort(byPlace((b) => b.bucket));
    const unevaluated = all.flatMap((r) => r.unevaluated).sort(byPlace((u) => u.ruleId));
    const errors = [...new Map(all.flatMap((r) => r.errors).map((e) => [JSON.stringify(e), e])).values()];
    const count = (status: AuditReport["buckets"][number]["status"]) => buckets.filter((b) => b.status === status).length;
    return {
        schemaVersion: 1,
        generatedAt: all.map((r) => r.generatedAt).sort().at(-1) ?? new Date().toISOString(),
        summary: {
            accounts: all.reduce((n, r) => n + r.summary.accounts, 0),
            buckets: buckets.length,
            compliant: count("compliant"),
            nonCompliant: count("non-compliant"),
            exempt: count("exempt"),
            errors: errors.length,
        },
        buckets, findings, unevaluated, errors,
    };
}
