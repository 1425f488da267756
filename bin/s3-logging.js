#!/usr/bin/env node
// Runs the compiled CLI (build/, made by `npm run build`, and by `prepare` on install and pack).
"use strict";
let cli;
try {
    cli = require("../build/cli/main");
} catch (e) {
    if (e.code !== "MODULE_NOT_FOUND" || !String(e.message).includes("build/cli/main")) throw e;
    process.stderr.write("error: the CLI is not built; run `npm run build` in the package folder.\n");
    process.exit(2);
}
cli.run(process.argv.slice(2)).then((code) => process.exit(code));
