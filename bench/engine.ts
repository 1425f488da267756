/**
 * Times `evaluate` over synthetic organizations of growing size and checks that the time per
 * bucket stays flat (linear growth). Run: npm run bench:engine
 */
import { performance } from "perf_hooks";
import { evaluate } from "../engine";
import { syntheticFacts } from "./syntheticOrg";

const sizes = (process.argv[2] ?? "12500,25000,50000,100000").split(",").map(Number);
evaluate(syntheticFacts(5000)); // warm up the JIT

const rows: { buckets: number; ms: number; usPerBucket: number; findings: number }[] = [];
for (const size of sizes) {
    const facts = syntheticFacts(size);
    const runs: number[] = [];
    let findings = 0;
    for (let r = 0; r < 3; r++) {
        const start = performance.now();
        findings = evaluate(facts).findings.length;
        runs.push(performance.now() - start);
    }
    const ms = Math.min(...runs);
    rows.push({ buckets: facts.length, ms: Math.round(ms), usPerBucket: Number(((ms * 1000) / facts.length).toFixed(2)), findings });
}
console.table(rows);
const first = rows[0].usPerBucket;
const last = rows[rows.length - 1].usPerBucket;
console.log(`time per bucket at ${rows[rows.length - 1].buckets} buckets is ${(last / first).toFixed(2)}× that at ${rows[0].buckets} (1.0 = linear)`);
