import { activeLogging, BucketFacts, Evaluation, unknown } from "../engine";
import { logDeliveredSince } from "../logs/fetchLogs";
import { AwsClients } from "../aws/clients";
import { errorCode, errorMessage } from "../aws/errors";
import { accountLimits, CallLimits } from "./accountLimits";
import { AuditError } from "./gather";

/**
 * For each compliant source, whether a log object arrived within `maxAgeMs`: sets the
 * `delivery` fact that the `logs-not-delivered` rule judges. Keys sort by time: each check is
 * one short listing from the start of the window (see logDeliveredSince).
 */
export async function verifyDelivery(
    clients: AwsClients, facts: BucketFacts[], evaluation: Evaluation, maxAgeMs: number, limits: CallLimits, errors: AuditError[], now = new Date(),
): Promise<BucketFacts[]> {
    const since = new Date(now.getTime() - maxAgeMs);
    const limit = accountLimits(limits);
    const maxAgeHours = Math.round(maxAgeMs / 3_600_000);
    // The listing runs in the source's account (its target is in the same one, or it is not compliant).
    return Promise.all(facts.map((bucket) => limit(String(bucket.accountId), async () => {
        const logging = activeLogging(bucket);
        if (evaluation.statuses.get(bucket.name) !== "compliant" || !logging) return bucket;
        const source = { bucket: bucket.name, accountId: String(bucket.accountId), region: String(bucket.region) };
        try {
            const objectKey = await logDeliveredSince(clients, { ...logging, source }, since);
            return { ...bucket, delivery: { since: since.toISOString(), maxAgeHours, objectKey } };
        } catch (e) {
            errors.push({ ...source, operation: "ListObjectsV2", message: errorMessage(e) });
            return { ...bucket, delivery: unknown(`ListObjectsV2 on ${logging.targetBucket}: ${errorCode(e)}`) };
        }
    })));
}
