import { Command } from "commander";
import * as fs from "fs";
import type { Format } from "../../audit/format/formats";
import { InputError } from "../../engine/inputs";
import { describeExits, reportFlags } from "../flags";
import { checkWritable, Io, sameFile, writeOutput } from "../io";

/** `s3-logging merge`: one report from the JSON reports of audit shards, in any format. */
export function mergeCommand(program: Command, io: Io, done: (code: number) => void): void {
    const command = reportFlags(program.command("merge").description("combine the JSON reports of audit shards (audit --shard i/N --format json) into one report")
        .argument("<reports...>", "JSON reports written by `audit --format json`"))
        .action(async (files: string[], flags: { format: Format; output?: string }) => {
            const [{ checkReport, mergeReports }, { formatReport }, { exitCode }, { PACKAGE_VERSION }] = await Promise.all([
                import("../../audit/merge"), import("../../audit/format"), import("../../audit/report"), import("../../packageRoot"),
            ]);
            checkWritable(flags.output, "--output");
            const shards = files.map((file, i) => {
                if (!fs.existsSync(file)) throw new InputError("REPORT", `${file} does not exist; give the paths of the shards' JSON reports.`);
                if (!fs.statSync(file).isFile()) throw new InputError("REPORT", `${file} is not a file; give the paths of the shards' JSON reports.`);
                // Unsharded reports are not checked for overlap: one given twice would count its buckets twice.
                if (files.slice(0, i).some((other) => sameFile(other, file))) throw new InputError("REPORT", `${file} is given twice; give each shard's report once.`);
                let parsed: unknown;
                try {
                    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
                } catch (e) {
                    // V8 quotes the text it failed on, line breaks and all: keep the message on one line.
                    const problem = (e as Error).message.replace(/\s+/g, " ");
                    throw new InputError("REPORT", `${file} is not JSON (${problem}); write the shards with \`audit --format json --output FILE\`.`);
                }
                return { file, report: checkReport(parsed, file) };
            });
            const report = mergeReports(shards);
            writeOutput(formatReport(report, flags.format, PACKAGE_VERSION), flags.output, io);
            done(exitCode(report));
        });
    describeExits(command, { 0: "every bucket compliant (or exempt)", 1: "findings", 2: "bad input, or some bucket could not be evaluated" }, false);
}
