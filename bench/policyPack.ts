/**
 * The policy pack as the CLI drives it: spawned, over gRPC. Prints the analyzeStack time for a
 * synthetic stack (default 10,000 resources) next to its floor — the same round trip to the same
 * pack with policies that do no work (bench/noWorkPack) — as the median of RUNS requests each, and
 * per-resource analyze and remediate latency. Run: npm run bench:policy-pack [-- RESOURCES [RUNS]]
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";
import * as pb from "@pulumi/pulumi/proto/analyzer_pb";
import { LOG_BUCKET_TAG, logBucketName, logBucketPolicy, DEFAULT_NAMING } from "../engine";
import { analyzeRequest, analyzerResource, call, RunningPack, startPack, WireResource } from "../tests/policies/analyzerProcess";
import { median, percentile } from "./stats";

const total = Number(process.argv[2] ?? 10_000);
const rounds = Number(process.argv[3] ?? 7);
const REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2"];

function provider(account: string) {
    return {
        type: "pulumi:providers:aws", name: `account-${account}`, urn: `urn:pulumi:bench::p::pulumi:providers:aws::account-${account}`,
        props: { region: "us-east-1", allowedAccountIds: JSON.stringify([account]) },
    };
}

/** Per account and Region: a log bucket and its policy, then sources with a logging resource each. */
function syntheticStack(size: number): WireResource[] {
    const out: WireResource[] = [];
    const add = (type: string, name: string, props: Record<string, unknown>, p: ReturnType<typeof provider>) =>
        out.push({ type, name, urn: `urn:pulumi:bench::p::${type}::${name}`, props, provider: p });
    for (let a = 0; out.length < size; a++) {
        const account = String(100000000000 + a);
        const p = provider(account);
        for (const region of REGIONS) {
            const logs = logBucketName(DEFAULT_NAMING, account, region);
            add("aws:s3/bucket:Bucket", logs, { bucket: logs, region, tags: { [LOG_BUCKET_TAG.key]: LOG_BUCKET_TAG.value } }, p);
            add("aws:s3/bucketPolicy:BucketPolicy", `${logs}-policy`, { bucket: logs, region, policy: JSON.stringify(logBucketPolicy({ bucket: logs, region, prefix: "access-logs/", sourceAccountId: account })) }, p);
            for (let i = 0; i < 48 && out.length < size; i++) {
                const name = `app-${account}-${region}-${i}`;
                add("aws:s3/bucket:Bucket", name, { bucket: name, region }, p);
                if (i % 25 !== 0) {
                    add("aws:s3/bucketLogging:BucketLogging", `${name}-logging`, {
                        bucket: name, region, targetBucket: logs, targetPrefix: "access-logs/",
                        targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: "EventTime" } },
                    }, p);
                }
            }
        }
    }
    return out.slice(0, size);
}

async function latency(label: string, runs: number, once: (i: number) => Promise<unknown>) {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
        const start = performance.now();
        await once(i);
        times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    console.log(`${label}: p50 ${percentile(times, 50).toFixed(2)} ms, p95 ${percentile(times, 95).toFixed(2)} ms over ${runs} calls`);
}

/**
 * CPU time (user + system) the process has used, in ms, from /proc: on a shared machine it moves
 * far less with the load than wall time does. Undefined where /proc is missing.
 */
function cpuMs(pid: number): number | undefined {
    try {
        const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
        // Fields 14 and 15 of stat (utime, stime), in clock ticks of 10 ms on Linux.
        return (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
        return undefined;
    }
}

interface Timings {
    times: number[];
    /** CPU time of the pack process per request. */
    cpu: number[];
    diagnostics: number;
}

/** Times `rounds` analyzeStack requests, after one warm-up. */
async function analyzeStackTimes(pack: RunningPack, request: pb.AnalyzeStackRequest): Promise<Timings> {
    await call(pack.client, "analyzeStack", request);
    const timings: Timings = { times: [], cpu: [], diagnostics: 0 };
    for (let r = 0; r < rounds; r++) {
        const cpuBefore = cpuMs(pack.pid);
        const start = performance.now();
        const response = await call<pb.AnalyzeStackRequest, pb.AnalyzeResponse>(pack.client, "analyzeStack", request);
        timings.times.push(performance.now() - start);
        const cpuAfter = cpuMs(pack.pid);
        if (cpuBefore !== undefined && cpuAfter !== undefined) timings.cpu.push(cpuAfter - cpuBefore);
        timings.diagnostics = response.getDiagnosticsList().length;
    }
    return timings;
}

async function main() {
    const [pack, floor] = await Promise.all([startPack(path.resolve(__dirname, "../policies")), startPack(path.resolve(__dirname, "noWorkPack"))]);
    try {
        const stack = syntheticStack(total);
        const request = new pb.AnalyzeStackRequest().setResourcesList(stack.map(analyzerResource));
        const measured = await analyzeStackTimes(pack, request);
        const floorTimes = await analyzeStackTimes(floor, request);
        const show = (t: Timings) => `median ${median(t.times).toFixed(0)} ms wall (runs: ${t.times.map((x) => x.toFixed(0)).join(", ")})` +
            (t.cpu.length ? `, median ${median(t.cpu).toFixed(0)} ms CPU in the pack process` : "");
        console.log(`analyzeStack, ${stack.length} resources, ${rounds} requests each, load average ${os.loadavg()[0].toFixed(2)} on ${os.cpus().length} cores:`);
        console.log(`  pack:                  ${show(measured)}; ${((median(measured.times) * 1000) / stack.length).toFixed(1)} µs per resource; ${measured.diagnostics} diagnostics`);
        console.log(`  floor (no-work pack):  ${show(floorTimes)}`);
        console.log(`  the pack's own work:   ${(median(measured.times) - median(floorTimes.times)).toFixed(0)} ms wall` +
            (measured.cpu.length ? `, ${(median(measured.cpu) - median(floorTimes.cpu)).toFixed(0)} ms CPU` : ""));
        const buckets = stack.filter((r) => r.type === "aws:s3/bucket:Bucket");
        await latency("analyze (one resource)", 1000, (i) => call(pack.client, "analyze", analyzeRequest(buckets[i % buckets.length])));
        await latency("remediate (one bucket)", 1000, (i) => call(pack.client, "remediate", analyzeRequest(buckets[i % buckets.length])));
    } finally {
        pack.stop();
        floor.stop();
    }
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
