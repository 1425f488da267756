import { AuditReport } from "../report";

/** Where a finding or unevaluated check is: what its ID is made of. */
export type Placed = Pick<AuditReport["findings"][number], "ruleId" | "accountId" | "region" | "bucket">;

/** The bucket's place, account/Region/bucket: the path SARIF locates a result at. */
export function bucketPath(x: Omit<Placed, "ruleId">): string {
    return `${x.accountId ?? "unknown-account"}/${x.region ?? "unknown-region"}/${x.bucket}`;
}

/**
 * A finding's stable identity: account/Region/bucket/rule. Security Hub updates a finding with
 * the same ID instead of adding one, and shard merges and OCSF consumers correlate by it.
 */
export function findingId(f: Placed): string {
    return `s3-logging/${bucketPath(f)}/${f.ruleId}`;
}
