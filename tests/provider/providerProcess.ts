import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { EngineService, IEngineServer } from "@pulumi/pulumi/proto/engine_grpc_pb";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import { IResourceMonitorServer, ResourceMonitorService } from "@pulumi/pulumi/proto/resource_grpc_pb";
import * as resource from "@pulumi/pulumi/proto/resource_pb";

const ROOT = path.resolve(__dirname, "../..");
export const PROVIDER_DIR = path.join(ROOT, "provider");

/** A resource the provider registered with the mock monitor. */
export interface Registration {
    type: string;
    name: string;
    urn: string;
    parent: string;
    custom: boolean;
    /** `urn::id` of the provider the resource uses, when one is given. */
    provider: string;
    inputs: Record<string, any>;
    dependencies: string[];
}

/** A resource the consumer program registered before the Construct (its provider, say). */
export interface ExistingResource {
    urn: string;
    id: string;
    state: Record<string, unknown>;
}

/** What the engine side of a deployment saw: registrations and component outputs. */
export interface EngineRecord {
    registrations: Registration[];
    outputs: Map<string, Record<string, unknown>>;
}

function serve(add: (server: grpc.Server) => void): Promise<{ server: grpc.Server; address: string }> {
    const server = new grpc.Server();
    add(server);
    return new Promise((resolve, reject) => {
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) =>
            (err ? reject(err) : resolve({ server, address: `127.0.0.1:${port}` })));
    });
}

/** A child's URN carries its parents' types, except the stack's. */
function urnOf(stack: string, project: string, parent: string, type: string, name: string): string {
    const parentType = parent ? parent.split("::")[2] : "pulumi:pulumi:Stack";
    const qualified = parentType === "pulumi:pulumi:Stack" ? type : `${parentType}$${type}`;
    return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

export interface MockEngine {
    record: EngineRecord;
    /** Where the provider is told the resource monitor is (ConstructRequest.monitorEndpoint). */
    monitorAddress: string;
    /** The engine address the CLI passes a plugin as its argument. */
    engineAddress: string;
    stop(): void;
}

// Answers as the CLI's monitor does for what a Construct needs; the other features stay off,
// so the SDK uses the plain protocol for them.
const FEATURES = new Set(["secrets", "resourceReferences"]);

/**
 * A mock engine and resource monitor, the two servers the CLI offers a provider during
 * `pulumi up`: records what the provider registers and answers like a fresh deployment
 * (IDs from names; a bucket's ARN from its name). `existing` is what `getResource` finds.
 */
export async function startEngine(stack: string, project: string, existing: ExistingResource[] = []): Promise<MockEngine> {
    const record: EngineRecord = { registrations: [], outputs: new Map() };
    const monitor: Partial<IResourceMonitorServer> = {
        // The SDK reads a resource it only has the URN of (a provider passed in `providers`) this way.
        invoke(call, callback) {
            const urn = (call.request.getArgs()?.toJavaScript() as { urn?: string } | undefined)?.urn;
            const found = existing.find((r) => r.urn === urn);
            if (call.request.getTok() !== "pulumi:pulumi:getResource" || !found) {
                callback({ code: grpc.status.NOT_FOUND, details: `${call.request.getTok()} ${urn ?? ""}: not in this mock` });
                return;
            }
            callback(null, new resource.ResourceInvokeResponse().setReturn(Struct.fromJavaScript({ urn: found.urn, id: found.id, state: found.state } as never)));
        },
        supportsFeature(call, callback) {
            callback(null, new resource.SupportsFeatureResponse().setHassupport(FEATURES.has(call.request.getId())));
        },
        registerResource(call, callback) {
            const req = call.request;
            const inputs = (req.getObject()?.toJavaScript() ?? {}) as Record<string, any>;
            const urn = urnOf(stack, project, req.getParent(), req.getType(), req.getName());
            record.registrations.push({
                type: req.getType(), name: req.getName(), urn, parent: req.getParent(), custom: req.getCustom(), provider: req.getProvider(),
                inputs, dependencies: req.getDependenciesList(),
            });
            const state: Record<string, any> = { ...inputs };
            if (req.getType() === "aws:s3/bucket:Bucket") state.arn = `arn:aws:s3:::${inputs.bucket}`;
            const res = new resource.RegisterResourceResponse().setUrn(urn).setObject(Struct.fromJavaScript(state));
            if (req.getCustom()) res.setId(`${req.getName()}-id`);
            callback(null, res);
        },
        registerResourceOutputs(call, callback) {
            record.outputs.set(call.request.getUrn(), (call.request.getOutputs()?.toJavaScript() ?? {}) as Record<string, unknown>);
            callback(null, new Empty());
        },
    };
    // The provider's log messages (warnings, errors) go to the engine; the tests read the responses.
    const engineServer: Partial<IEngineServer> = {
        log(_call, callback) {
            callback(null, new Empty());
        },
    };
    const monitorServer = await serve((s) => s.addService(ResourceMonitorService, monitor as grpc.UntypedServiceImplementation));
    const engineServerRunning = await serve((s) => s.addService(EngineService, engineServer as grpc.UntypedServiceImplementation));
    return {
        record,
        monitorAddress: monitorServer.address,
        engineAddress: engineServerRunning.address,
        stop: () => { monitorServer.server.forceShutdown(); engineServerRunning.server.forceShutdown(); },
    };
}

export interface RunningProvider {
    client: ResourceProviderClient;
    stop(): void;
}

/**
 * Starts the provider folder as the nodejs language host's RunPlugin does for a source-based
 * plugin: `node <@pulumi/pulumi/cmd/run-plugin> <plugin dir> <engine address>`, working directory
 * the consumer program's, TypeScript on; the first stdout line is the port.
 */
export function startProvider(engineAddress: string): Promise<RunningProvider> {
    const runner = require.resolve("@pulumi/pulumi/cmd/run-plugin", { paths: [PROVIDER_DIR] });
    // A consumer written in another language: no tsconfig.json in its directory.
    const consumer = fs.mkdtempSync(path.join(os.tmpdir(), "consumer-"));
    const child: ChildProcess = spawn(process.execPath, [runner, PROVIDER_DIR, engineAddress], {
        cwd: consumer,
        env: { ...process.env, PULUMI_NODEJS_TYPESCRIPT: "true" },
        stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr!.on("data", (d) => (stderr += d));
    const stop = (client?: ResourceProviderClient) => {
        client?.close();
        child.kill();
        fs.rmSync(consumer, { recursive: true, force: true });
    };
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => { stop(); reject(new Error(`provider did not print a port in time:\n${stderr}`)); }, 150_000);
        child.once("exit", (code) => { clearTimeout(timer); reject(new Error(`provider exited with ${code}:\n${stderr}`)); });
        let stdout = "";
        child.stdout!.on("data", (d: Buffer) => {
            stdout += d;
            if (!stdout.includes("\n")) return;
            clearTimeout(timer);
            const port = Number(stdout.split("\n")[0].trim());
            const client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
            resolve({ client, stop: () => stop(client) });
        });
    });
}
