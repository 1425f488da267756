import { deliveryPrefix, isUnknown, LogBucketSpec, NamingConvention, parseLogBucketName } from "../engine";
import { AwsClients } from "../aws/clients";
import { AuditRun } from "../audit/audit";
import { hardened, HARDENING } from "./hardening";
import { SettingName, SETTINGS } from "./settings";

export interface HardeningGap {
    accountId: string;
    region: string;
    bucket: string;
    /** The settings that are not as the log bucket spec wants them. */
    missing: SettingName[];
}

/**
 * The log buckets of ours (named by the convention for their own account and Region) that
 * lack part of their hardening — what a crash while one was being made leaves behind. Reads
 * only; the audit does not gather these settings, so remediation reads them itself.
 */
export async function hardeningGaps(clients: AwsClients, run: AuditRun, naming: NamingConvention, spec: LogBucketSpec): Promise<HardeningGap[]> {
    const gaps: HardeningGap[] = [];
    for (const facts of run.gathered.facts) {
        if (facts.exists !== true || isUnknown(facts.accountId) || isUnknown(facts.region)) continue;
        const named = parseLogBucketName(naming, facts.name);
        if (named?.accountId !== facts.accountId || named.region !== facts.region) continue;
        const s3 = clients.s3(facts.accountId, facts.region);
        const grant = { bucket: facts.name, region: facts.region, prefix: deliveryPrefix(naming, facts.accountId, facts.region), sourceAccountId: facts.accountId };
        const missing: SettingName[] = [];
        for (const name of HARDENING) {
            if (hardened(name, await SETTINGS[name].read(s3, facts.name), spec, grant) !== undefined) missing.push(name);
        }
        if (missing.length > 0) gaps.push({ accountId: facts.accountId, region: facts.region, bucket: facts.name, missing });
    }
    return gaps;
}
