import { AwsSecurityFinding, BatchImportFindingsCommand, paginateGetFindings } from "@aws-sdk/client-securityhub";
import pLimit from "p-limit";
import { AwsClients } from "../aws/clients";
import { errorMessage } from "../aws/errors";
import { asffFindings, GENERATOR_ID, productArn } from "./format/asff";
import { bucketPath } from "./format/findingId";
import { AuditError } from "./gather";
import { AuditReport } from "./report";

export interface SecurityHubOptions {
    concurrency: number;
}

export interface SecurityHubResult {
    /** Findings imported as active (failed or not evaluated). */
    imported: number;
    /** Earlier findings of this tool no longer reported: imported again as archived and passed. */
    resolved: number;
    errors: AuditError[];
}

// BatchImportFindings takes at most 100 findings per call.
const BATCH = 100;

/**
 * Sends the audit's findings to Security Hub, in each bucket's Region, into the bucket's
 * account or the delegated administrator's. IDs are stable (account/Region/bucket/rule), so a
 * re-run updates rather than duplicates; this tool's active findings that the audit no longer
 * reports (the bucket was fixed) are imported again as ARCHIVED with compliance PASSED, which
 * Security Hub shows as resolved.
 */
export async function importToSecurityHub(clients: AwsClients, report: AuditReport, options: SecurityHubOptions): Promise<SecurityHubResult> {
    const findings = asffFindings(report);
    const hubOf = (accountId: string, region: string) => `${accountId}/${region}`;
    // Every hub the audit covered, with or without findings now: fixed buckets leave findings to resolve.
    const hubs = new Map<string, AwsSecurityFinding[]>(report.buckets.map((b) => [hubOf(b.accountId, b.region), []]));
    for (const f of findings) {
        const hub = hubOf(f.AwsAccountId!, f.Region!);
        const list = hubs.get(hub) ?? [];
        list.push(f);
        hubs.set(hub, list);
    }
    // Only findings of accounts and Regions this run covered may be resolved (a shard, --regions).
    const covered = new Set(report.buckets.map((b) => `${b.accountId}/${b.region}`));
    // Nor those of a bucket some check of which could not run: rules that need the missing fact
    // were not tried at all, so their earlier findings are unknown now, not passed.
    const undecided = new Set([...report.unevaluated, ...report.errors.filter((e) => e.bucket)].map((x) => bucketPath({ ...x, bucket: x.bucket! })));
    // A finding ID is s3-logging/ACCOUNT/REGION/BUCKET/RULE (findingId).
    const bucketOf = (f: AwsSecurityFinding) => f.Id!.split("/").slice(1, 4).join("/");

    const result: SecurityHubResult = { imported: 0, resolved: 0, errors: [] };
    const limit = pLimit(options.concurrency);
    await Promise.all([...hubs].map(([hub, current]) => limit(async () => {
        const [accountId, region] = hub.split("/");
        const client = clients.securityHub(accountId, region);
        const fail = (operation: string, message: string) => result.errors.push({ accountId, region, bucket: null, operation, message });
        const reported = new Set(current.map((f) => f.Id));
        let stale: AwsSecurityFinding[];
        try {
            stale = (await activeFindings(clients, accountId, region))
                .filter((f) => covered.has(`${f.AwsAccountId}/${f.Region}`) && !reported.has(f.Id) && !undecided.has(bucketOf(f)));
        } catch (e) {
            return fail("GetFindings", errorMessage(e));
        }
        const now = new Date().toISOString();
        const resolved = stale.map((f): AwsSecurityFinding => ({
            ...f, UpdatedAt: now, RecordState: "ARCHIVED", Compliance: { Status: "PASSED" },
            Severity: { Label: "INFORMATIONAL" }, Description: `Resolved: the audit of ${now} no longer reports this. ${f.Description ?? ""}`.slice(0, 1024),
        }));
        const all = [...current, ...resolved];
        for (let i = 0; i < all.length; i += BATCH) {
            const batch = all.slice(i, i + BATCH);
            try {
                const answer = await client.send(new BatchImportFindingsCommand({ Findings: batch }));
                const ok = new Set(batch.map((f) => f.Id));
                for (const failed of answer.FailedFindings ?? []) {
                    fail("BatchImportFindings", `${failed.Id}: ${failed.ErrorCode} ${failed.ErrorMessage}`);
                    ok.delete(failed.Id);
                }
                result.imported += batch.filter((f) => ok.has(f.Id) && f.RecordState === "ACTIVE").length;
                result.resolved += batch.filter((f) => ok.has(f.Id) && f.RecordState === "ARCHIVED").length;
            } catch (e) {
                fail("BatchImportFindings", errorMessage(e));
            }
        }
    })));
    return result;
}

/**
 * This tool's active findings in one hub. The filters narrow the answer in AWS; they are
 * checked again here because an emulator may ignore them.
 */
export async function activeFindings(clients: AwsClients, accountId: string, region: string): Promise<AwsSecurityFinding[]> {
    const product = productArn(region, accountId);
    const found: AwsSecurityFinding[] = [];
    const pages = paginateGetFindings({ client: clients.securityHub(accountId, region), pageSize: 100 }, {
        Filters: {
            ProductArn: [{ Value: product, Comparison: "EQUALS" }],
            GeneratorId: [{ Value: `${GENERATOR_ID}/`, Comparison: "PREFIX" }],
            RecordState: [{ Value: "ACTIVE", Comparison: "EQUALS" }],
        },
    });
    for await (const page of pages) {
        found.push(...(page.Findings ?? []).filter((f) => f.ProductArn === product && f.GeneratorId?.startsWith(`${GENERATOR_ID}/`) && f.RecordState === "ACTIVE"));
    }
    return found;
}
