import * as http from "http";
import { AddressInfo } from "net";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { forgetCallerIdentity } from "../../policies/accounts";
import { forgetInputs } from "../../policies/programInputs";
import { forgetBuckets } from "../../policies/remediation";

// The policy SDK's own proxy and unknown sentinels, so tests see preview values as the pack does.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require("@pulumi/policy/proxy") as { unknownCheckingProxy<T>(v: T): T; unknownStringValue: unknown };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { deserializeProperties, serializeProperties } = require("@pulumi/policy/deserialize") as {
    deserializeProperties(s: Struct, keepSecrets: boolean): Record<string, any>;
    serializeProperties(p: Record<string, any>): Promise<Record<string, any>>;
};

/** A value unknown during preview. */
export const UNKNOWN = proxy.unknownStringValue as string;

export const TYPES = {
    Bucket: "aws:s3/bucket:Bucket",
    BucketV2: "aws:s3/bucketV2:BucketV2",
    BucketLogging: "aws:s3/bucketLogging:BucketLogging",
    BucketLoggingV2: "aws:s3/bucketLoggingV2:BucketLoggingV2",
    BucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    Sse: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    SseV2: "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
    ObjectLockV2: "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2",
    RequestPaymentV2: "aws:s3/bucketRequestPaymentConfigurationV2:BucketRequestPaymentConfigurationV2",
    Ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    Provider: "pulumi:providers:aws",
} as const;

export interface Provider {
    type: string;
    urn: string;
    name: string;
    props: Record<string, any>;
}

/** A provider as the SDK shows it: non-string inputs JSON-encoded, behind the unknown-checking proxy. */
export function provider(name: string, props: Record<string, unknown>): Provider {
    const encoded = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
    return { type: TYPES.Provider, urn: `urn:pulumi:test::proj::pulumi:providers:aws::${name}`, name, props: proxy.unknownCheckingProxy(encoded) };
}

export const DEFAULT_PROVIDER = provider("default_7_48_0", { region: "us-east-1", allowedAccountIds: ["111111111111"] });

export function resource(
    type: string, name: string, props: Record<string, any>,
    extra: { provider?: Provider; deps?: Record<string, PolicyResource[]> } = {},
): PolicyResource {
    return {
        type,
        name,
        urn: `urn:pulumi:test::proj::${type}::${name}`,
        props: proxy.unknownCheckingProxy(props),
        opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
        provider: extra.provider ?? DEFAULT_PROVIDER,
        dependencies: Object.values(extra.deps ?? {}).flat(),
        propertyDependencies: extra.deps ?? {},
        isType: () => false,
        asType: () => undefined,
    };
}

export interface Violation {
    message: string;
    urn?: string;
}

/**
 * Runs a stack policy in-process with `config` as its policy config, as an `analyzeStack`
 * request of its own: the pack shares an evaluation only among the policies of one request.
 */
export async function runStack(policy: StackValidationPolicy, resources: PolicyResource[], config: Record<string, unknown> = {}): Promise<Violation[]> {
    await new Promise((resolve) => setImmediate(resolve));
    const violations: Violation[] = [];
    await policy.validateStack(
        {
            resources,
            stackTags: new Map(),
            getConfig: <T extends object>() => config as T,
            notApplicable: () => { throw new Error("not applicable"); },
        },
        (message, urn) => violations.push({ message, urn }),
    );
    return violations;
}

/** Runs a remediation in-process; the result replaces the resource's inputs. */
export async function runRemediation(
    policy: ResourceValidationPolicy, type: string, name: string, props: Record<string, any>,
    config: Record<string, unknown> = {}, prov: Provider = DEFAULT_PROVIDER,
): Promise<Record<string, any> | undefined> {
    const result = await policy.remediateResource!({
        type, name, urn: `urn:pulumi:test::proj::${type}::${name}`, props: proxy.unknownCheckingProxy(props),
        opts: resource(type, name, {}).opts, provider: prov, stackTags: new Map(),
        getConfig: <T extends object>() => config as T,
        isType: () => false, asType: () => undefined, notApplicable: () => { throw new Error("not applicable"); },
    });
    return result ?? undefined;
}


/** Inputs as the SDK gives them to a remediation: secrets unwrapped for reading, kept as secrets underneath. */
export const remediationInputs = (wire: Record<string, unknown>): Record<string, any> => deserializeProperties(Struct.fromJavaScript(wire as never), true);

/** A remediation's result as the SDK sends it back to the engine. */
export const onTheWire = (props: Record<string, any>): Promise<Record<string, any>> => serializeProperties(props);

/**
 * Runs `body` against a stand-in STS endpoint for the ambient credentials that answers `account`,
 * and returns how many GetCallerIdentity calls it answered (`body` can ask as it goes).
 */
export async function withStandInSts(account: string, body: (calls: () => number) => Promise<void>): Promise<number> {
    let calls = 0;
    const sts = http.createServer((_, res) => {
        calls++;
        res.setHeader("content-type", "text/xml");
        res.end(`<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Account>${account}</Account>`
            + `<Arn>arn:aws:iam::${account}:user/ci</Arn><UserId>ci</UserId></GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`);
    });
    await new Promise<void>((resolve) => sts.listen(0, "127.0.0.1", resolve));
    const env = { AWS_ENDPOINT_URL_STS: `http://127.0.0.1:${(sts.address() as AddressInfo).port}`, AWS_ACCESS_KEY_ID: "x", AWS_SECRET_ACCESS_KEY: "y" };
    const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    Object.assign(process.env, env);
    try {
        await body(() => calls);
        return calls;
    } finally {
        for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
        sts.close();
    }
}

/** Fresh per-process state between tests. */
export function resetPackState(): void {
    forgetBuckets();
    forgetCallerIdentity();
    forgetInputs();
}

export function ruleIds(violations: Violation[]): string[] {
    return violations.map((v) => /^\[([a-z-]+)\]/.exec(v.message)?.[1] ?? v.message);
}
