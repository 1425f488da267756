import { deliveryPrefix, isUnknown, LogBucketSpec, NamingConvention, parseLogBucketName } from "../engine";
import { AwsClients } from "../aws/clients";
import { accountLimits, CallLimits } from "../audit/accountLimits";
import { AuditRun } from "../audit/audit";
import { AuditError } from "../audit/gather";
import { errorMessage } from "../aws/errors";
import { hardened, HARDENING } from "./hardening";
import { SettingName, SETTINGS } from "./settings";

export interface HardeningGap {
    accountId: string;
    region: string;
    bucket: string;
    /** The settings that are not as the log bucket spec wants them. */
    missing: SettingName[];
}

/** The log buckets to complete, and the reads that failed (those buckets are left as they are). */
export interface Inspection {
    gaps: HardeningGap[];
    errors: AuditError[];
}

/**
 * The log buckets of ours (named by the convention for their own account and Region) that
 * lack part of their hardening — what a crash while one was being made leaves behind. Reads
 * only, within the audit's concurrency limits; the audit does not gather these settings, so
 * remediation reads them itself. A bucket whose settings cannot be read is reported, not planned.
 */
export async function hardeningGaps(clients: AwsClients, run: AuditRun, naming: NamingConvention, spec: LogBucketSpec, limits: CallLimits): Promise<Inspection> {
    const limit = accountLimits(limits);
    const inspected = await Promise.all(run.gathered.facts.map(async (facts): Promise<HardeningGap | AuditError | undefined> => {
        if (facts.exists !== true || isUnknown(facts.accountId) || isUnknown(facts.region)) return undefined;
        const { accountId, region, name: bucket } = facts;
        const named = parseLogBucketName(naming, bucket);
        if (named?.accountId !== accountId || named.region !== region) return undefined;
        const s3 = clients.s3(accountId, region);
        const grant = { bucket, region, prefix: deliveryPrefix(naming, accountId, region), sourceAccountId: accountId };
        try {
            const current = await Promise.all(HARDENING.map((name) => limit(accountId, () => SETTINGS[name].read(s3, bucket))));
            const missing = HARDENING.filter((name, i) => hardened(name, current[i], spec, grant) !== undefined);
            return missing.length > 0 ? { accountId, region, bucket, missing } : undefined;
        } catch (e) {
            return { accountId, region, bucket, operation: "read log bucket settings", message: errorMessage(e) };
        }
    }));
    return {
        gaps: inspected.filter((x): x is HardeningGap => x !== undefined && "missing" in x),
        errors: inspected.filter((x): x is AuditError => x !== undefined && !("missing" in x)),
    };
}
