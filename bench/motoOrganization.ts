/**
 * A synthetic organization on moto for the audit benchmarks, and the floor they are measured
 * against: a bare loop making only the calls no audit can avoid, at the same concurrency.
 */
import { CreateAccountCommand, CreateOrganizationCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import {
    BucketLocationConstraint, CreateBucketCommand, GetBucketEncryptionCommand, GetBucketLocationCommand, GetBucketLoggingCommand,
    GetBucketOwnershipControlsCommand, GetBucketPolicyCommand, GetBucketRequestPaymentCommand, GetBucketTaggingCommand,
    GetObjectLockConfigurationCommand, ListBucketsCommand, PutBucketLoggingCommand, PutBucketPolicyCommand,
} from "@aws-sdk/client-s3";
import { performance } from "perf_hooks";
import pLimit from "p-limit";
import { DEFAULT_NAMING, deliveryPrefix, logBucketName, logBucketPolicy } from "../engine";
import { AwsClients } from "../aws/clients";
import { DEMO_REGIONS, DUMMY_CREDENTIALS, MANAGEMENT_ACCOUNT } from "../demo/seedOrganization";
import { clientsFor } from "../tests/audit/support";

/** The tests' clients for `endpoint`, calling from the management account. */
export const benchClients = (endpoint: string, mode: "audit" | "remediate"): AwsClients => {
    const clients = clientsFor(endpoint, mode);
    clients.setCallerAccount(MANAGEMENT_ACCOUNT);
    return clients;
};

/**
 * `accountCount` accounts, each with per Region one log bucket and `perRegion − 1` sources
 * logging into it, except one source in ten (sources 9, 19, 29, …: with `perRegion` 10, one of
 * the nine) that has no logging. Returns the account IDs.
 */
export async function seedOrganization(endpoint: string, accountCount: number, perRegion: number, concurrency: number): Promise<string[]> {
    const org = new OrganizationsClient({ endpoint, region: "us-east-1", credentials: DUMMY_CREDENTIALS });
    await org.send(new CreateOrganizationCommand({ FeatureSet: "ALL" }));
    const accounts = [MANAGEMENT_ACCOUNT];
    for (let i = 1; i < accountCount; i++) {
        accounts.push((await org.send(new CreateAccountCommand({ AccountName: `a${i}`, Email: `a${i}@example.com` }))).CreateAccountStatus!.AccountId!);
    }
    const clients = benchClients(endpoint, "remediate");
    const limit = pLimit(concurrency);
    await Promise.all(accounts.flatMap((account) => DEMO_REGIONS.map((region) => limit(async () => {
        const s3 = clients.s3(account, region);
        const location = region === "us-east-1" ? undefined : { LocationConstraint: region as BucketLocationConstraint };
        const logs = logBucketName(DEFAULT_NAMING, account, region);
        const prefix = deliveryPrefix(DEFAULT_NAMING, account, region);
        await s3.send(new CreateBucketCommand({ Bucket: logs, CreateBucketConfiguration: location }));
        await s3.send(new PutBucketPolicyCommand({ Bucket: logs, Policy: JSON.stringify(logBucketPolicy({ bucket: logs, region, prefix, sourceAccountId: account })) }));
        for (let i = 1; i < perRegion; i++) {
            const bucket = `b-${account}-${region}-${i}`;
            await s3.send(new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: location }));
            // One source in ten has no logging: the last of each ten buckets, the log bucket counting as the first.
            if (i % 10 !== 9) await s3.send(new PutBucketLoggingCommand({ Bucket: bucket, BucketLoggingStatus: { LoggingEnabled: { TargetBucket: logs, TargetPrefix: prefix } } }));
        }
    }))));
    return accounts;
}

export interface Measured {
    ms: number;
    calls: number;
    buckets: number;
}

/**
 * The floor: per account its credentials and ListBuckets; per bucket its Region (moto omits
 * BucketRegion) and logging, and its tags when it has no logging (an exemption tag decides);
 * per distinct target once: policy, ownership, encryption, Object Lock and Requester Pays (the
 * facts delivery depends on; an ACL only matters where ownership is not enforced, never here).
 */
export async function floor(endpoint: string, accounts: string[], concurrency: number): Promise<Measured> {
    const clients = benchClients(endpoint, "audit");
    const limit = pLimit(concurrency);
    const start = performance.now();
    // Stages with one limiter each: nesting one limiter would deadlock.
    const listed = (await Promise.all(accounts.map((account) => limit(async () => {
        await clients.credentials(account)();
        return ((await clients.s3(account, "us-east-1").send(new ListBucketsCommand({ MaxBuckets: 1000 }))).Buckets ?? []).map((b) => ({ account, b }));
    })))).flat();
    const targets = new Map<string, { account: string; region: string }>();
    await Promise.all(listed.map(({ account, b }) => limit(async () => {
        const region = b.BucketRegion ?? ((await clients.s3(account, "us-east-1").send(new GetBucketLocationCommand({ Bucket: b.Name! }))).LocationConstraint || "us-east-1");
        const s3 = clients.s3(account, region);
        const logging = (await s3.send(new GetBucketLoggingCommand({ Bucket: b.Name! }))).LoggingEnabled;
        if (logging) targets.set(logging.TargetBucket!, { account, region });
        else await s3.send(new GetBucketTaggingCommand({ Bucket: b.Name! })).catch(() => undefined);
    })));
    await Promise.all([...targets].map(([bucket, { account, region }]) => limit(async () => {
        const s3 = clients.s3(account, region);
        const ignore = () => undefined;
        await Promise.all([
            s3.send(new GetBucketPolicyCommand({ Bucket: bucket })).catch(ignore),
            s3.send(new GetBucketOwnershipControlsCommand({ Bucket: bucket })).catch(ignore),
            s3.send(new GetBucketEncryptionCommand({ Bucket: bucket })).catch(ignore),
            s3.send(new GetObjectLockConfigurationCommand({ Bucket: bucket })).catch(ignore),
            s3.send(new GetBucketRequestPaymentCommand({ Bucket: bucket })).catch(ignore),
        ]);
    })));
    return { ms: performance.now() - start, calls: clients.counter.total(), buckets: listed.length };
}

/** One line of figures. */
export function row(label: string, m: Measured): string {
    return `${label.padEnd(8)} ${(m.ms / 1000).toFixed(2).padStart(7)} s  ${(m.buckets / (m.ms / 1000)).toFixed(0).padStart(6)} buckets/s  ${(m.calls / m.buckets).toFixed(3).padStart(6)} requests/bucket  (${m.calls} requests)`;
}
