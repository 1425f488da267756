import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

describe("a test run that stops before its end fails (tests/runCompletes.ts)", function () {
    this.timeout(60_000);

    it("a run that stops with nothing left on the event loop exits 1, not 0", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "run-completes-"));
        try {
            const spec = path.join(dir, "stops.test.ts");
            // As on Node 22 when a reporter choked on a failure: the test's timer is gone, and nothing runs next.
            fs.writeFileSync(spec, `it("stops the run", function () { const test = this.test; setImmediate(() => test.clearTimeout()); return new Promise(() => undefined); });\nit("after it", () => undefined);\n`);
            const mocha = path.resolve(__dirname, "../node_modules/.bin/mocha");
            const run = spawnSync(mocha, [spec], { cwd: path.resolve(__dirname, ".."), encoding: "utf8" });
            assert.equal(run.status, 1, run.stdout + run.stderr);
            assert.match(run.stderr, /the test run stopped before its end/);
            assert.doesNotMatch(run.stdout, /passing/);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
