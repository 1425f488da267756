import { strict as assert } from "assert";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");

/** The packages a run of the compiled CLI loaded (by the `node_modules` folders of the modules in its cache). */
function packagesLoaded(argv: string[]): Set<string> {
    const script = `const cli = require(${JSON.stringify(path.join(ROOT, "build/cli/main"))});
cli.run(${JSON.stringify(argv)}, { stdout: () => {}, stderr: () => {} }).then((code) => {
    const names = Object.keys(require.cache).map((f) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(f)?.[1]).filter(Boolean);
    process.stdout.write(JSON.stringify({ code, names: [...new Set(names)] }));
});`;
    const result = spawnSync("node", ["-e", script], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
    const { code, names } = JSON.parse(result.stdout) as { code: number; names: string[] };
    assert.equal(code, 0, result.stderr);
    return new Set(names);
}

const aws = (names: Set<string>) => [...names].filter((n) => n.startsWith("@aws-sdk/") || n.startsWith("@smithy/"));

describe("the CLI loads only what a command needs (start-up time)", function () {
    this.timeout(120_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lazy-loading-"));
    const logFile = path.join(dir, "access.log");
    fs.writeFileSync(logFile, `o b [06/Feb/2019:00:00:38 +0000] 192.0.2.3 r 3E57 REST.GET.OBJECT k "GET /b/k HTTP/1.1" 200 - 1 1 7 - "-" "ua" -\n`);
    before(() => execFileSync(path.join(ROOT, "node_modules", ".bin", "tsc"), ["-p", "tsconfig.build.json"], { cwd: ROOT }));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("--help loads neither the AWS SDK nor DuckDB", () => {
        const names = packagesLoaded(["--help"]);
        assert.deepEqual(aws(names), []);
        assert.ok(!names.has("@duckdb/node-api"));
    });

    it("logs --file loads DuckDB but no AWS SDK", () => {
        const names = packagesLoaded(["logs", "--file", logFile, "--format", "json"]);
        assert.ok(names.has("@duckdb/node-api"), "it read the file with DuckDB");
        assert.deepEqual(aws(names), []);
    });
});
