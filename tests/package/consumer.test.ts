import { strict as assert } from "assert";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");
const TSC = path.join(ROOT, "node_modules", ".bin", "tsc");
// What a build/ left from a deleted source looks like; `npm pack` must not ship it.
const STALE = path.join(ROOT, "build", "stale-from-a-deleted-source.js");

// A Pulumi program of a platform team that installed the package from npm.
const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { AccountLogBuckets, BucketAccessLogging, RegionalLogBucket, RegionalLogBucketArgs } from "s3-access-logging";
// The subpaths, under the "node" module resolution of Pulumi's TypeScript template (no "exports").
import { evaluate } from "s3-access-logging/engine";
import { RegionalLogBucket as FromComponents } from "s3-access-logging/components";

const args: RegionalLogBucketArgs = { accountId: "111111111111", region: "eu-west-1" };
const regional = new RegionalLogBucket("logs", args);
new AccountLogBuckets("account", { accountId: "222222222222", regions: ["us-east-1", "ap-southeast-2"] });
new BucketAccessLogging("app-logging", { source: "app", region: "eu-west-1", accountId: "111111111111", logBucket: regional });
export const logBucket: pulumi.Output<string> = pulumi.output(regional.bucketName);
export const subpaths = [typeof evaluate, FromComponents === RegionalLogBucket];
`;

// Runs the compiled program under Pulumi's mocks with plain node, and prints what it registered.
const UNDER_MOCKS = `const pulumi = require("@pulumi/pulumi");
const registered = [];
pulumi.runtime.setMocks({
    newResource: (a) => { registered.push({ type: a.type, name: a.name, inputs: a.inputs }); return { id: a.name + "-id", state: a.inputs }; },
    call: () => ({}),
}, "consumer", "dev", false);
require("./out/index.js");
setTimeout(() => process.stdout.write(JSON.stringify(registered)), 500);
`;

function sh(command: string, args: string[], cwd: string): string {
    return execFileSync(command, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, npm_config_loglevel: "error" } });
}

describe("the npm package, installed into another program", function () {
    this.timeout(300_000);
    let dir: string;
    let tarball: string;

    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "s3-logging-consumer-"));
        fs.mkdirSync(path.dirname(STALE), { recursive: true });
        fs.writeFileSync(STALE, "exports.stale = true;\n");
        // `npm pack` runs `prepare`, which builds the package from these sources.
        tarball = path.join(dir, sh("npm", ["pack", "--silent", "--pack-destination", dir], ROOT).trim().split("\n").pop()!);
        fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true }));
        sh("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", tarball], dir);
        fs.writeFileSync(path.join(dir, "index.ts"), PROGRAM);
        fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({
            compilerOptions: { strict: true, target: "es2022", module: "commonjs", moduleResolution: "node", outDir: "out", skipLibCheck: true, types: [] },
            files: ["index.ts"],
        }));
    });

    after(() => {
        fs.rmSync(dir, { recursive: true, force: true });
        fs.rmSync(STALE, { force: true });
    });

    it("ships the build, the CLI, the demo's setup script and the README only", () => {
        const files = sh("tar", ["tzf", tarball], dir).trim().split("\n").map((f) => f.replace(/^package\//, ""));
        assert.deepEqual(files.filter((f) => !/^(build\/.*\.(js|d\.ts)|bin\/s3-logging\.js|scripts\/setup\.sh|README\.md|package\.json)$/.test(f)), []);
        assert.deepEqual(files.filter((f) => /^build\/.*\.js$/.test(f) && !fs.existsSync(path.join(ROOT, f.replace(/^build\//, "").replace(/\.js$/, ".ts")))), [],
            "a fresh build: no JavaScript of a deleted source");
        assert.ok(files.includes("build/library.d.ts") && files.includes("build/cli/main.js"));
        assert.ok(!files.some((f) => /(^|\/)(tests|bench|\.ci|policies|program)\//.test(f)), "no tests, benchmarks, CI, pack or program");
    });

    it("type-checks a TypeScript program that imports the three components from the package root and the subpaths, declarations included", () => {
        sh(TSC, ["--noEmit", "--skipLibCheck", "false", "-p", "."], dir);
    });

    it("runs that program, compiled, under Pulumi mocks with plain node", () => {
        sh(TSC, ["-p", "."], dir);
        fs.writeFileSync(path.join(dir, "run.js"), UNDER_MOCKS);
        const registered: { type: string; name: string; inputs: Record<string, any> }[] = JSON.parse(sh("node", ["run.js"], dir));
        const types = (t: string) => registered.filter((r) => r.type === t);
        assert.deepEqual(types("s3-access-logging:index:RegionalLogBucket").map((r) => r.name).sort(),
            ["account-ap-southeast-2", "account-us-east-1", "logs"]);
        assert.deepEqual(types("aws:s3/bucket:Bucket").map((r) => r.inputs.bucket).sort(), [
            "s3-access-logs-111111111111-eu-west-1", "s3-access-logs-222222222222-ap-southeast-2", "s3-access-logs-222222222222-us-east-1",
        ]);
        const logging = types("aws:s3/bucketLogging:BucketLogging");
        assert.equal(logging.length, 1);
        assert.equal(logging[0].inputs.bucket, "app");
        assert.equal(logging[0].inputs.targetBucket, "s3-access-logs-111111111111-eu-west-1");
    });

    it("s3-logging demo finds its setup script and, installed, asks it for moto only (no npm ci, no build)", () => {
        // Stand-ins on PATH: python3 says where setup stopped; npm and npx must not be called.
        const fake = path.join(dir, "fake-bin");
        fs.mkdirSync(fake, { recursive: true });
        fs.writeFileSync(path.join(fake, "python3"), "#!/bin/sh\necho \"fake python3 $*\" >&2\nexit 3\n", { mode: 0o755 });
        for (const tool of ["npm", "npx"]) fs.writeFileSync(path.join(fake, tool), `#!/bin/sh\necho "fake ${tool} $*" >&2\nexit 9\n`, { mode: 0o755 });
        const demo = spawnSync(process.execPath, [path.join(dir, "node_modules", ".bin", "s3-logging"), "demo"], {
            cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, PATH: `${fake}${path.delimiter}${process.env.PATH}` },
        });
        assert.notEqual(demo.status, 0, "the demo ran without moto");
        const { stderr } = demo;
        assert.match(stderr, /fake python3 -m venv \.venv/, stderr);
        assert.doesNotMatch(stderr, /fake np[mx]|No such file/, stderr);
    });

    it("loads with CommonJS require, with the engine and the log parser in its API", () => {
        const script = `const lib = require("s3-access-logging");
const engine = require("s3-access-logging/engine");
const findings = lib.evaluate([lib.bucketFacts({ name: "a", accountId: "111111111111", region: "us-east-1" })]).findings;
process.stdout.write(JSON.stringify({
    components: [typeof lib.RegionalLogBucket, typeof lib.AccountLogBuckets, typeof lib.BucketAccessLogging],
    rules: findings.map((f) => f.ruleId), sameEngine: engine.evaluate === lib.evaluate,
    fields: lib.LOG_FIELDS.length, parsed: lib.parseLine('o b [06/Feb/2019:00:00:38 +0000] 192.0.2.3 r 3E57427F3EXAMPLE REST.GET.VERSIONING - "GET /b?versioning HTTP/1.1" 200 - 113 - 7 - "-" "S3Console/0.4" -').httpStatus,
}));`;
        const result = JSON.parse(sh("node", ["-e", script], dir));
        assert.deepEqual(result.components, ["function", "function", "function"]);
        assert.deepEqual(result.rules, ["logging-disabled"]);
        assert.equal(result.sameEngine, true);
        assert.ok(result.fields >= 26);
        assert.equal(result.parsed, 200);
    });
});
