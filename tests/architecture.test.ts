import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");
const SOURCES = ["engine", "aws", "html", "audit", "remediation", "logs", "discovery", "cli", "demo", "emulator", "components", "policies", "program", "provider", "index.ts", "library.ts", "packageRoot.ts"];

interface Cruise {
    summary: { violations: { rule: { name: string }; from: string; to: string; cycle?: { name: string }[] }[]; totalCruised: number };
}

describe("architecture (dependency-cruiser, rules in .dependency-cruiser.cjs)", function () {
    this.timeout(60_000);

    it("has no import cycle, and each layer imports only the layers below it", () => {
        const depcruise = path.join(ROOT, "node_modules", ".bin", "depcruise");
        const run = spawnSync(depcruise, ["--config", ".dependency-cruiser.cjs", "--output-type", "json", ...SOURCES], { cwd: ROOT, encoding: "utf8" });
        const result: Cruise = JSON.parse(run.stdout);
        assert.ok(result.summary.totalCruised > 100, `cruised only ${result.summary.totalCruised} modules`);
        const violations = result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.cycle ? v.cycle.map((c) => c.name).join(" → ") : v.to}`);
        assert.deepEqual(violations, []);
    });
});
