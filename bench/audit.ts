/**
 * Audits a synthetic organization on a local moto (default 20 accounts × 3 Regions × 50
 * buckets) and prints wall time, buckets per second and AWS calls per bucket, next to the
 * floor: a bare loop making only the unavoidable calls at the same concurrency.
 * Run: npm run bench:audit [-- ACCOUNTS BUCKETS_PER_REGION CONCURRENCY]
 */
import { performance } from "perf_hooks";
import { runAudit } from "../audit/audit";
import { DEMO_REGIONS } from "../demo/seedOrganization";
import { startMoto } from "../emulator/moto";
import { AUDIT_OPTIONS } from "../tests/audit/support";
import { benchClients, floor, row, seedOrganization } from "./motoOrganization";

const [accountCount, perRegion, concurrency] = (process.argv.slice(2).length ? process.argv.slice(2) : ["20", "50", "16"]).map(Number);

async function main() {
    const moto = await startMoto();
    try {
        const t0 = performance.now();
        const accounts = await seedOrganization(moto.endpoint, accountCount, perRegion, concurrency);
        console.log(`seeded ${accounts.length} accounts × ${DEMO_REGIONS.length} Regions × ${perRegion} buckets in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

        const clients = benchClients(moto.endpoint, "audit");
        const start = performance.now();
        const { report } = await runAudit(clients, { ...AUDIT_OPTIONS, concurrency });
        const audit = { ms: performance.now() - start, calls: clients.counter.total(), buckets: report.summary.buckets };
        const base = await floor(moto.endpoint, accounts, concurrency);

        console.log(`concurrency ${concurrency}; ${report.summary.buckets} buckets, ${report.findings.length} findings, ${report.errors.length} errors`);
        console.log(row("audit", audit));
        console.log(row("floor", base));
        console.log(`audit/floor wall time: ${(audit.ms / base.ms).toFixed(2)}×; calls by operation: ${[...clients.counter.counts].map(([k, v]) => `${k} ${v}`).join(", ")}`);
    } finally {
        await moto.stop();
    }
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
