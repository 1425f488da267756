import * as pb from "@pulumi/pulumi/proto/analyzer_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { registered, reset, settle } from "../pulumi/mocks";
import { analyzeRequest, analyzerResource, call, configureRequest, RunningPack, UNKNOWN_ON_THE_WIRE, WireResource } from "./analyzerProcess";

/**
 * Runs a Pulumi program under the mocks and replays it to a spawned pack the way the engine
 * drives an analyzer (pkg/resource/deploy/step_generator.go): for each resource in registration
 * order `remediate` with its inputs, then `analyze` with the inputs as remediated; at the end
 * `analyzeStack` with every resource's outputs, provider and property dependencies.
 *
 * Preview differs from update as the engine and the Terraform bridge make it differ for
 * resources being created: an input computed from another resource's id, ARN or generated name
 * is unknown, and so is every output the provider computes (the bridge's planned state marks
 * optional+computed attributes left unset, such as a bucket's `logging` or `policy`, unknown).
 */

export type Mode = "preview" | "update";

export const ACCOUNT = "111111111111";

/** A default provider as the engine names it: after the @pulumi/aws version the program pins. */
export const DEFAULT_PROVIDER = {
    type: "pulumi:providers:aws", name: "default_7_23_0", urn: "urn:pulumi:dev::app::pulumi:providers:aws::default_7_23_0",
    props: { region: "us-east-1", version: "7.23.0" },
};

const BUCKET_TYPES = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];

/** Outputs of `aws.s3.Bucket` that are optional and computed: unknown at preview unless set. */
const COMPUTED_BUCKET_OUTPUTS = ["logging", "loggings", "policy", "serverSideEncryptionConfiguration", "region", "requestPayer", "objectLockConfiguration"];

interface Captured {
    type: string;
    name: string;
    inputs: Record<string, any>;
}

/** A value a mock resource gave out, the resource it came from, and whether a preview knows it. */
interface Token {
    value: string;
    urn: string;
    knownAtPreview: boolean;
}

const urnOf = (type: string, name: string) => `urn:pulumi:dev::app::${type}::${name}`;

/** Runs `program` under the mocks and returns its custom resources in registration order. */
export async function capture(program: () => void): Promise<Captured[]> {
    reset();
    program();
    await settle();
    return registered.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:")).map((r) => ({
        type: r.type,
        name: r.name,
        // The provider's Check names an unnamed bucket before analyzers see it, at preview too; as the mocks do.
        inputs: BUCKET_TYPES.includes(r.type) ? { bucket: `${r.name}-1234567`, ...r.inputs } : r.inputs,
    }));
}

/** The values other resources can receive from each bucket: id, ARN, name. */
function tokensOf(resources: Captured[]): { tokens: Token[]; bucketNameOf: Map<string, string> } {
    const tokens: Token[] = [];
    const bucketNameOf = new Map<string, string>();
    for (const r of resources) {
        // Programs here refer to buckets only; the mocks give every resource the id `<name>-id`.
        if (!BUCKET_TYPES.includes(r.type)) continue;
        const urn = urnOf(r.type, r.name);
        tokens.push({ value: `${r.name}-id`, urn, knownAtPreview: false });
        // AWS gives a bucket its name as id; the mocks give `<name>-id`.
        const name = r.inputs.bucket as string;
        bucketNameOf.set(`${r.name}-id`, name);
        tokens.push({ value: name, urn, knownAtPreview: true });
        tokens.push({ value: `arn:aws:s3:::${name}`, urn, knownAtPreview: false });
    }
    // Longest first, so that an ARN is matched before the name inside it.
    return { tokens: tokens.sort((a, b) => b.value.length - a.value.length), bucketNameOf };
}

/** Rewrites every string of `value`; a string is replaced whole, as an interpolation would be. */
function mapStrings(value: unknown, f: (s: string) => string): any {
    if (typeof value === "string") return f(value);
    if (Array.isArray(value)) return value.map((v) => mapStrings(v, f));
    if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, f)]));
    return value;
}

function referenced(value: unknown, tokens: Token[], self: string): Token[] {
    const found: Token[] = [];
    mapStrings(value, (s) => {
        found.push(...tokens.filter((t) => t.urn !== self && s.includes(t.value)));
        return s;
    });
    return found;
}

/** One resource as the engine sees it in `mode`: its inputs, and how to derive its outputs. */
interface Registration {
    wire: Omit<WireResource, "props">;
    inputs: Record<string, any>;
    propertyDependencies: Record<string, string[]>;
}

function registrations(resources: Captured[], mode: Mode): Registration[] {
    const { tokens, bucketNameOf } = tokensOf(resources);
    return resources.map((r) => {
        const urn = urnOf(r.type, r.name);
        const propertyDependencies: Record<string, string[]> = {};
        for (const [prop, value] of Object.entries(r.inputs)) {
            const urns = [...new Set(referenced(value, tokens, urn).map((t) => t.urn))];
            if (urns.length) propertyDependencies[prop] = urns;
        }
        const inputs = mapStrings(r.inputs, (s) => {
            if (mode === "preview" && referenced(s, tokens, urn).some((t) => !t.knownAtPreview)) return UNKNOWN_ON_THE_WIRE;
            return bucketNameOf.get(s) ?? s;
        });
        return { wire: { type: r.type, name: r.name, urn, provider: DEFAULT_PROVIDER }, inputs, propertyDependencies };
    });
}

/** A resource's outputs: its inputs plus what the provider computes (unknown at preview). */
function outputsOf(reg: Registration, mode: Mode): Record<string, unknown> {
    const outputs: Record<string, unknown> = { ...reg.inputs, id: mode === "preview" ? UNKNOWN_ON_THE_WIRE : `${reg.wire.name}-id` };
    if (!BUCKET_TYPES.includes(reg.wire.type)) return outputs;
    const name = reg.inputs.bucket;
    Object.assign(outputs, { bucket: name, id: mode === "preview" ? UNKNOWN_ON_THE_WIRE : name, arn: mode === "preview" ? UNKNOWN_ON_THE_WIRE : `arn:aws:s3:::${name}` });
    for (const prop of COMPUTED_BUCKET_OUTPUTS) {
        if (outputs[prop] !== undefined) continue;
        // After the update, what S3 reports for a new bucket: its Region and SSE-S3 default encryption.
        if (mode === "preview") outputs[prop] = UNKNOWN_ON_THE_WIRE;
        else if (prop === "region") outputs.region = DEFAULT_PROVIDER.props.region;
        else if (prop === "serverSideEncryptionConfiguration") outputs[prop] = { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } } };
    }
    return outputs;
}

function stackResource(reg: Registration, outputs: Record<string, unknown>): pb.AnalyzerResource {
    const r = analyzerResource({ ...reg.wire, props: outputs });
    for (const [prop, urns] of Object.entries(reg.propertyDependencies)) {
        r.getPropertydependenciesMap().set(prop, new pb.AnalyzerPropertyDependencies().setUrnsList(urns));
    }
    r.setDependenciesList([...new Set(Object.values(reg.propertyDependencies).flat())]);
    return r;
}

export interface Diagnostic {
    policy: string;
    level: pb.EnforcementLevel;
    /** The violation message, without the policy description the SDK puts in front of it. */
    message: string;
    /** The resource name the diagnostic is reported on. */
    on: string;
}

export interface ProgramRun {
    /** Resource name → the inputs a remediation returned for it. */
    remediated: Map<string, Record<string, unknown>>;
    stack: Diagnostic[];
}

function diagnosticsOf(response: pb.AnalyzeResponse): Diagnostic[] {
    return response.getDiagnosticsList().map((d) => ({
        policy: d.getPolicyname(), level: d.getEnforcementlevel(), message: d.getMessage().split("\n").pop()!, on: d.getUrn().split("::").pop()!,
    }));
}

const LEVELS: Record<string, pb.EnforcementLevel> = {
    advisory: pb.EnforcementLevel.ADVISORY, mandatory: pb.EnforcementLevel.MANDATORY,
    remediate: pb.EnforcementLevel.REMEDIATE, disabled: pb.EnforcementLevel.DISABLED,
};

/** Configures the pack with a policy-config.json-shaped object. */
export async function configurePack(pack: RunningPack, config: Record<string, Record<string, unknown>>): Promise<void> {
    await call(pack.client, "configure", configureRequest(Object.fromEntries(Object.entries(config).map(([policy, { enforcementLevel, ...props }]) =>
        [policy, { level: LEVELS[enforcementLevel as string], props }]))));
}

/** Replays a captured program to a configured pack in `mode`, as one run of the engine. */
export async function runProgram(pack: RunningPack, resources: Captured[], mode: Mode): Promise<ProgramRun> {
    const remediated = new Map<string, Record<string, unknown>>();
    const regs = registrations(resources, mode);
    for (const reg of regs) {
        const response = await call<pb.AnalyzeRequest, pb.RemediateResponse>(pack.client, "remediate", analyzeRequest({ ...reg.wire, props: reg.inputs }));
        for (const r of response.getRemediationsList()) {
            if (!r.getProperties()) continue;
            reg.inputs = (r.getProperties() as Struct).toJavaScript() as Record<string, any>;
            remediated.set(reg.wire.name, reg.inputs);
        }
        await call(pack.client, "analyze", analyzeRequest({ ...reg.wire, props: reg.inputs }));
    }
    const request = new pb.AnalyzeStackRequest().setResourcesList(regs.map((reg) => stackResource(reg, outputsOf(reg, mode))));
    const response = await call<pb.AnalyzeStackRequest, pb.AnalyzeResponse>(pack.client, "analyzeStack", request);
    return { remediated, stack: diagnosticsOf(response) };
}

/** `[rule] on resource` for the diagnostics at `level`, in report order. */
export function verdicts(run: ProgramRun, level: pb.EnforcementLevel): string[] {
    return run.stack.filter((d) => d.level === level).map((d) => `${/^\[([a-z-]+)\]/.exec(d.message)?.[1] ?? d.message} on ${d.on}`);
}
