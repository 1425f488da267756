import { SingleBar } from "cli-progress";
import { Io } from "./io";

/** A progress bar on stderr when it is a terminal; nothing otherwise. */
export function progressFor(io: Io): { onProgress?: (done: number, total: number) => void; stop: () => void } {
    if (!io.progress) return { stop: () => undefined };
    const bar = new SingleBar({ stream: process.stderr, format: "auditing [{bar}] {value}/{total} buckets", clearOnComplete: true });
    let started = false;
    return {
        onProgress: (done, total) => {
            if (!started) bar.start(total, 0);
            started = true;
            bar.setTotal(total);
            bar.update(done);
        },
        stop: () => started && bar.stop(),
    };
}
