/**
 * Makes `dist/policy-pack/`: the policy pack as one self-contained folder for
 * `pulumi policy publish dist/policy-pack`. The pack imports the shared engine from outside
 * `policies/`; esbuild inlines it, so nothing escapes the published folder. Only the runtime
 * packages stay external; the folder's package.json declares them.
 *
 * Run: npm run bundle:policy-pack
 */
import { buildSync } from "esbuild";
import * as fs from "fs";
import * as path from "path";

const root = path.resolve(__dirname, "..");
const source = path.join(root, "policies");
const out = path.join(root, "dist", "policy-pack");

export function bundlePolicyPack(outDir = out): string {
    const manifest = JSON.parse(fs.readFileSync(path.join(source, "package.json"), "utf8"));
    fs.rmSync(outDir, { recursive: true, force: true });
    buildSync({
        entryPoints: [path.join(source, "index.ts")],
        outfile: path.join(outDir, "index.js"),
        bundle: true,
        platform: "node",
        target: "node20",
        format: "cjs",
        external: Object.keys(manifest.dependencies),
        logLevel: "warning",
    });
    fs.copyFileSync(path.join(source, "PulumiPolicy.yaml"), path.join(outDir, "PulumiPolicy.yaml"));
    const { devDependencies: _dev, ...published } = manifest;
    fs.writeFileSync(path.join(outDir, "package.json"), JSON.stringify({ ...published, main: "index.js" }, null, 2) + "\n");
    return outDir;
}

if (require.main === module) {
    console.log(`policy pack bundled into ${path.relative(root, bundlePolicyPack())}`);
}
