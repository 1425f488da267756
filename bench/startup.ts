/**
 * CLI start-up: the median wall time of 10 runs of each command, next to `node -e 0` (the floor)
 * and the goal of issue 8 (0.25 s). Runs the compiled CLI, as users do. Run: npm run bench:startup
 */
import { execFileSync, spawnSync } from "child_process";
import * as path from "path";
import { performance } from "perf_hooks";
import { median } from "./stats";

const ROOT = path.resolve(__dirname, "..");
const RUNS = 10;
const GOAL_MS = 250;

execFileSync(path.join(ROOT, "node_modules", ".bin", "tsc"), ["-p", "tsconfig.build.json"], { cwd: ROOT });

function medianMs(args: string[]): number {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
        const start = performance.now();
        const run = spawnSync("node", args, { cwd: ROOT, stdio: "ignore" });
        if (run.status !== 0) throw new Error(`node ${args.join(" ")} exited ${run.status}`);
        times.push(performance.now() - start);
    }
    return median(times);
}

const bin = path.join("bin", "s3-logging.js");
const rows = [
    { command: "node -e 0 (floor)", args: ["-e", "0"] },
    { command: "s3-logging --help", args: [bin, "--help"] },
    { command: "s3-logging audit --help", args: [bin, "audit", "--help"] },
    { command: "s3-logging --version", args: [bin, "--version"] },
].map(({ command, args }) => ({ command, "median ms": Math.round(medianMs(args)), "goal ms": command.includes("floor") ? "" : GOAL_MS }));
console.log(`node ${process.version}, median of ${RUNS} runs`);
console.table(rows);
