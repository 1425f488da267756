import { ChildProcess, spawn } from "child_process";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as pb from "@pulumi/pulumi/proto/analyzer_pb";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";

const ROOT = path.resolve(__dirname, "../..");

/** A policy pack running in its own process, as the Pulumi CLI runs it, and a client for it. */
export interface RunningPack {
    client: AnalyzerClient;
    /** The pack's process, e.g. to read its CPU time. */
    pid: number;
    stop(): void;
}

/**
 * Starts `dir` with Pulumi's own policy-pack runner (what the nodejs language host runs for
 * `pulumi preview --policy-pack`) and waits for the port it prints.
 */
export function startPack(dir: string, env: NodeJS.ProcessEnv = {}): Promise<RunningPack> {
    const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [ROOT] });
    const child: ChildProcess = spawn(process.execPath, [runner, "127.0.0.1:0", "."], {
        cwd: dir,
        env: { ...process.env, ...env },
        stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr!.on("data", (d) => (stderr += d));
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`pack did not print a port in time:\n${stderr}`)), 120_000);
        child.once("exit", (code) => reject(new Error(`pack exited with ${code}:\n${stderr}`)));
        child.stdout!.once("data", (d: Buffer) => {
            clearTimeout(timer);
            const port = Number(d.toString().trim().split("\n")[0]);
            const client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
            resolve({ client, pid: child.pid!, stop: () => { client.close(); child.kill(); } });
        });
    });
}

/** Calls a unary RPC of the analyzer and resolves with its response. */
export function call<Req, Res>(client: AnalyzerClient, method: string, request: Req): Promise<Res> {
    return new Promise((resolve, reject) => {
        (client as unknown as Record<string, (r: Req, cb: (e: Error | null, res: Res) => void) => void>)[method](request, (e, res) => (e ? reject(e) : resolve(res)));
    });
}

export const empty = () => new Empty();

export interface WireResource {
    type: string;
    name: string;
    urn: string;
    props: Record<string, unknown>;
    provider?: { type: string; name: string; urn: string; props: Record<string, unknown> };
}

function wireProvider(p: NonNullable<WireResource["provider"]>): pb.AnalyzerProviderResource {
    return new pb.AnalyzerProviderResource().setType(p.type).setName(p.name).setUrn(p.urn).setProperties(Struct.fromJavaScript(p.props as never));
}

/** Both messages carry a resource with the same fields. */
function filled<M extends pb.AnalyzerResource | pb.AnalyzeRequest>(msg: M, r: WireResource): M {
    const m = msg as pb.AnalyzerResource;
    m.setType(r.type).setName(r.name).setUrn(r.urn).setProperties(Struct.fromJavaScript(r.props as never)).setOptions(new pb.AnalyzerResourceOptions());
    if (r.provider) m.setProvider(wireProvider(r.provider));
    return msg;
}

export const analyzerResource = (r: WireResource) => filled(new pb.AnalyzerResource(), r);
export const analyzeRequest = (r: WireResource) => filled(new pb.AnalyzeRequest(), r);

/** A ConfigureAnalyzerRequest: policy name → enforcement level and properties. */
export function configureRequest(config: Record<string, { level?: pb.EnforcementLevel; props?: Record<string, unknown> }>): pb.ConfigureAnalyzerRequest {
    const req = new pb.ConfigureAnalyzerRequest();
    for (const [policy, { level, props }] of Object.entries(config)) {
        const pc = new pb.PolicyConfig().setProperties(Struct.fromJavaScript((props ?? {}) as never));
        if (level !== undefined) pc.setEnforcementlevel(level);
        req.getPolicyconfigMap().set(policy, pc);
    }
    return req;
}

/** The string the CLI sends for a value unknown during preview. */
export const UNKNOWN_ON_THE_WIRE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** A secret as it travels over gRPC. */
export const secretOnTheWire = (value: unknown) => ({ [specialSigKey]: specialSecretSig, value });
