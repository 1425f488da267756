#!/usr/bin/env node
// Runs the TypeScript sources directly: no build step between a clone and the CLI.
const path = require("path");
require("ts-node").register({ transpileOnly: true, project: path.join(__dirname, "..", "tsconfig.json") });
require("../audit/cli").run(process.argv.slice(2)).then((code) => process.exit(code));
