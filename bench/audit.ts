/**
 * Audits a synthetic organization on a local moto (default 20 accounts × 3 Regions × 50
 * buckets) and prints wall time, buckets per second and AWS calls per bucket, next to the
 * floor: a bare loop making only the unavoidable calls at the same concurrency.
 * Run: npm run bench:audit [-- ACCOUNTS BUCKETS_PER_REGION CONCURRENCY]
 */
import { CreateAccountCommand, CreateOrganizationCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { BucketLocationConstraint, CreateBucketCommand, GetBucketLocationCommand, GetBucketLoggingCommand, ListBucketsCommand, PutBucketLoggingCommand, PutBucketPolicyCommand } from "@aws-sdk/client-s3";
import { performance } from "perf_hooks";
import pLimit from "p-limit";
import { DEFAULT_NAMING, deliveryPrefix, logBucketName, logBucketPolicy } from "../engine";
import { runAudit } from "../audit/audit";
import { AwsClients } from "../aws/clients";
import { DEMO_REGIONS, DUMMY_CREDENTIALS, MANAGEMENT_ACCOUNT } from "../demo/seedOrganization";
import { startMoto } from "../emulator/moto";
import { AUDIT_OPTIONS } from "../tests/audit/support";

const [accountCount, perRegion, concurrency] = (process.argv.slice(2).length ? process.argv.slice(2) : ["20", "50", "16"]).map(Number);

async function seed(endpoint: string): Promise<string[]> {
    const org = new OrganizationsClient({ endpoint, region: "us-east-1", credentials: DUMMY_CREDENTIALS });
    await org.send(new CreateOrganizationCommand({ FeatureSet: "ALL" }));
    const accounts = [MANAGEMENT_ACCOUNT];
    for (let i = 1; i < accountCount; i++) {
        accounts.push((await org.send(new CreateAccountCommand({ AccountName: `a${i}`, Email: `a${i}@example.com` }))).CreateAccountStatus!.AccountId!);
    }
    const clients = new AwsClients({ region: "us-east-1", endpoint, credentials: DUMMY_CREDENTIALS, roleName: "OrganizationAccountAccessRole", mode: "remediate" });
    clients.setCallerAccount(MANAGEMENT_ACCOUNT);
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
            // One in ten has no logging.
            if (i % 10 !== 0) await s3.send(new PutBucketLoggingCommand({ Bucket: bucket, BucketLoggingStatus: { LoggingEnabled: { TargetBucket: logs, TargetPrefix: prefix } } }));
        }
    }))));
    return accounts;
}

/** The floor: per account its credentials and ListBuckets; per bucket its Region (moto omits BucketRegion) and logging. */
async function floor(endpoint: string, accounts: string[]): Promise<{ ms: number; calls: number; buckets: number }> {
    const clients = new AwsClients({ region: "us-east-1", endpoint, credentials: DUMMY_CREDENTIALS, roleName: "OrganizationAccountAccessRole", mode: "audit" });
    clients.setCallerAccount(MANAGEMENT_ACCOUNT);
    const limit = pLimit(concurrency);
    const start = performance.now();
    // Two stages with one limiter each: nesting one limiter would deadlock.
    const listed = (await Promise.all(accounts.map((account) => limit(async () =>
        ((await clients.s3(account, "us-east-1").send(new ListBucketsCommand({ MaxBuckets: 1000 }))).Buckets ?? []).map((b) => ({ account, b })))))).flat();
    await Promise.all(listed.map(({ account, b }) => limit(async () => {
        const region = b.BucketRegion ?? ((await clients.s3(account, "us-east-1").send(new GetBucketLocationCommand({ Bucket: b.Name! }))).LocationConstraint || "us-east-1");
        await clients.s3(account, region).send(new GetBucketLoggingCommand({ Bucket: b.Name! }));
    })));
    const buckets = listed.length;
    return { ms: performance.now() - start, calls: clients.counter.total(), buckets };
}

async function main() {
    const moto = await startMoto();
    try {
        const t0 = performance.now();
        const accounts = await seed(moto.endpoint);
        console.log(`seeded ${accounts.length} accounts × ${DEMO_REGIONS.length} Regions × ${perRegion} buckets in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

        const clients = new AwsClients({ region: "us-east-1", endpoint: moto.endpoint, credentials: DUMMY_CREDENTIALS, roleName: "OrganizationAccountAccessRole", mode: "audit" });
        const start = performance.now();
        const { report } = await runAudit(clients, { ...AUDIT_OPTIONS, concurrency });
        const ms = performance.now() - start;
        const base = await floor(moto.endpoint, accounts);

        const row = (label: string, time: number, calls: number, buckets: number) =>
            `${label.padEnd(8)} ${(time / 1000).toFixed(2).padStart(7)} s  ${(buckets / (time / 1000)).toFixed(0).padStart(6)} buckets/s  ${(calls / buckets).toFixed(2).padStart(5)} calls/bucket  (${calls} calls)`;
        console.log(`concurrency ${concurrency}; ${report.summary.buckets} buckets, ${report.findings.length} findings, ${report.errors.length} errors`);
        console.log(row("audit", ms, clients.counter.total(), report.summary.buckets));
        console.log(row("floor", base.ms, base.calls, base.buckets));
        console.log(`audit/floor wall time: ${(ms / base.ms).toFixed(2)}×; calls by operation: ${[...clients.counter.counts].map(([k, v]) => `${k} ${v}`).join(", ")}`);
    } finally {
        await moto.stop();
    }
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
