import { strict as assert } from "assert";
import { ChildProcess, execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { JournalWriter, readJournal } from "../../remediation/journal";
import { PACKAGE_ROOT } from "../../packageRoot";
import { DemoOrganization, DUMMY_CREDENTIALS, MANAGEMENT_ACCOUNT, seedDemoOrganization } from "../../demo/seedOrganization";
import { snapshot, useMoto } from "../audit/support";
import { NOT_RESTORABLE, planOnly, remediate, undo } from "./support";

const BIN = path.join(PACKAGE_ROOT, "bin", "s3-logging.js");

/** Complete journal lines in a file (a partial last line does not count). */
const records = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, "utf8").split("\n").length - 1 : 0);

/** Runs the built CLI's `remediate --apply` and kills it with SIGKILL once its journal has `k` records. */
function applyAndKill(endpoint: string, journal: string, k: number): Promise<{ killedAt: number; exited: boolean }> {
    const env = { ...process.env, AWS_ENDPOINT_URL: endpoint, AWS_ACCESS_KEY_ID: DUMMY_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: DUMMY_CREDENTIALS.secretAccessKey, AWS_REGION: "us-east-1" };
    const child: ChildProcess = spawn(process.execPath, [BIN, "remediate", "--apply", "--journal", journal], { env, stdio: "ignore" });
    return new Promise((resolve) => {
        let exited = false;
        child.once("exit", () => (exited = true));
        const poll = setInterval(() => {
            if (records(journal) >= k || exited) {
                clearInterval(poll);
                const finished = exited;
                if (finished) return resolve({ killedAt: records(journal), exited: finished });
                child.kill("SIGKILL");
                child.once("exit", () => resolve({ killedAt: records(journal), exited: finished }));
            }
        }, 2);
    });
}

describe("remediate --apply killed with SIGKILL at many points (built CLI against moto)", function () {
    this.timeout(180_000);
    const { moto } = useMoto();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "s3-logging-kill-"));
    let org: DemoOrganization;
    before(function () {
        this.timeout(120_000);
        // The CLI under test is the compiled one: build it from the current sources (incremental).
        execFileSync("npm", ["run", "build"], { cwd: PACKAGE_ROOT, stdio: "ignore" });
    });
    beforeEach(async () => {
        org = await seedDemoOrganization(moto().endpoint);
    });

    // Journal records: a header, then an intent and an outcome per step (81 for the demo organization:
    // 5 log buckets of 6 steps each, a policy merge, 9 logging changes). Odd k stops between steps,
    // even k right after an intent, mid-change (k = 2: a creation begun, perhaps not made).
    const points = [1, 2, 5, 8, 16, 29, 44, 59, 66, 79];
    // Here the killed run is first completed by a re-run continuing its journal (k = 8: a log
    // bucket left half-hardened, the crash of case 2).
    const rerun = new Set([8, 29, 66]);
    for (const k of points) {
        it(`killed after ${k} journal records: the journal reads, ${rerun.has(k) ? "a re-run completes it, " : ""}rollback restores every restorable state`, async () => {
            const endpoint = moto().endpoint;
            const accounts = [MANAGEMENT_ACCOUNT, org.prod, org.dev];
            const before = await snapshot(endpoint, accounts);
            const file = path.join(dir, `journal-${k}.jsonl`);
            const { killedAt, exited } = await applyAndKill(endpoint, file, k);
            assert.ok(!exited && killedAt >= k, `killed mid-run (${killedAt} records, exited: ${exited})`);
            const journal = readJournal(file);

            if (rerun.has(k)) {
                // Continue the same journal, then roll everything back.
                const { result } = await remediate(endpoint, new JournalWriter(file));
                assert.deepEqual(result.errors, []);
                assert.deepEqual((await planOnly(endpoint)).plan.actions, [], "the re-run left nothing to do");
            }
            const undone = await undo(endpoint, rerun.has(k) ? readJournal(file) : journal, { deleteLogBuckets: true });
            assert.deepEqual(undone.errors, []);
            assert.deepEqual(undone.changedSince, []);
            const restored = await snapshot(endpoint, accounts);
            for (const key of Object.keys(before)) {
                if (!NOT_RESTORABLE.some((b) => key.endsWith(`/${b}`))) assert.deepEqual(restored[key], before[key], key);
            }
            // Only log buckets that a not-restorable source still logs to may remain.
            const left = Object.keys(restored).filter((key) => !(key in before)).map((key) => key.split("/")[1]).sort();
            assert.deepEqual(left, undone.kept.map((b) => b.bucket).sort());
            for (const b of undone.kept) assert.ok(b.targetedBy.every((t) => NOT_RESTORABLE.includes(t)), `${b.bucket}: ${b.reason}`);
        });
    }
});
