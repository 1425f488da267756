import { ChildProcess, execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as path from "path";
import { PACKAGE_ROOT } from "../packageRoot";

const MOTO_SERVER = path.join(PACKAGE_ROOT, ".venv", "bin", "moto_server");

/** A moto server in server mode: one local endpoint for S3, Organizations and STS. */
export interface Moto {
    endpoint: string;
    /** Wipes all state (`POST /moto-api/reset`). */
    reset(): Promise<void>;
    stop(): Promise<void>;
}

/** Installs moto into the project's virtualenv if it is not there yet (scripts/setup.sh). */
export function ensureMoto(): void {
    if (fs.existsSync(MOTO_SERVER)) return;
    execFileSync("bash", [path.join(PACKAGE_ROOT, "scripts", "setup.sh")], { stdio: ["ignore", "inherit", "inherit"] });
}

function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const { port } = server.address() as net.AddressInfo;
            server.close(() => resolve(port));
        });
    });
}

async function waitUntilListening(endpoint: string, child: ChildProcess, log: () => string): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
        if (child.exitCode !== null) throw new Error(`moto exited with ${child.exitCode}:\n${log()}`);
        try {
            const response = await fetch(`${endpoint}/moto-api/`);
            if (response.ok) return;
        } catch {
            // not listening yet
        }
        await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`moto did not answer on ${endpoint} within 30 s:\n${log()}`);
}

/** Starts moto on a free loopback port and waits until it answers. */
export async function startMoto(): Promise<Moto> {
    ensureMoto();
    const port = await freePort();
    const endpoint = `http://127.0.0.1:${port}`;
    // MOTO_ACCOUNT_ID would break per-account isolation of assumed-role credentials.
    const { MOTO_ACCOUNT_ID: _ignored, ...env } = process.env;
    const child = spawn(MOTO_SERVER, ["-H", "127.0.0.1", "-p", String(port)], { env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr!.on("data", (d) => (stderr = (stderr + d).slice(-4000)));
    // A child outlives a killed parent on Linux: stop moto on exit and on SIGINT/SIGTERM too.
    const killChild = () => child.exitCode === null && child.kill("SIGTERM");
    const onSignal = (signal: NodeJS.Signals) => {
        killChild();
        process.exit(128 + (signal === "SIGINT" ? 2 : 15));
    };
    process.once("exit", killChild);
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    child.once("exit", () => {
        process.off("exit", killChild);
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
    });
    await waitUntilListening(endpoint, child, () => stderr);
    return {
        endpoint,
        async reset() {
            const response = await fetch(`${endpoint}/moto-api/reset`, { method: "POST" });
            if (!response.ok) throw new Error(`moto reset failed: ${response.status}`);
        },
        stop() {
            return new Promise((resolve) => {
                if (child.exitCode !== null) return resolve();
                child.once("exit", () => resolve());
                child.kill("SIGTERM");
            });
        },
    };
}
