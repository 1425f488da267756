import { Command } from "commander";
import { describeExits } from "../flags";
import { Io } from "../io";

/** `s3-logging demo`: the embedded default, on a local emulator. */
export function demoCommand(program: Command, io: Io, done: (code: number) => void): void {
    const command = program.command("demo").description("start a local AWS emulator (moto), seed a demo organization, audit, remediate, audit again")
        .action(async () => {
            const { runDemo } = await import("../../demo/runDemo");
            done(await runDemo(io));
        });
    describeExits(command, { 0: "the demo ran to the end", 2: "the demo failed (the message says where)" }, false);
}
