#!/usr/bin/env node
// Runs the compiled CLI (build/, made by `npm run build`, and by `prepare` on install and pack).
"use strict";
// One line instead of the AWS SDK's eight on an end-of-life Node, and only where AWS is called.
const major = Number(process.versions.node.split(".")[0]);
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
if (major < 22 && ["audit", "remediate", "rollback", "logs", "demo"].includes(process.argv[2]) && !process.argv.includes("--help")) {
    process.stderr.write(`warning: Node ${major} is past its end of life; s3-logging supports Node 22 and newer.\n`);
}
let cli;
try {
    cli = require("../build/cli/main");
} catch (e) {
    if (e.code !== "MODULE_NOT_FOUND" || !String(e.message).includes("build/cli/main")) throw e;
    process.stderr.write("error: the CLI is not built; run `npm run build` in the package folder.\n");
    process.exit(2);
}
cli.run(process.argv.slice(2)).then((code) => process.exit(code));
