import { secretsPreservingProxy } from "@pulumi/policy/secret";
import { Known, unknown } from "../engine";

// @pulumi/policy ships an empty proxy.d.ts; the module exists at run time.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require("@pulumi/policy/proxy") as Record<string, unknown>;

/** The strings the engine sends for values unknown during preview, one per value kind. */
const UNKNOWN_SENTINELS = new Set<unknown>([
    proxy.unknownBooleanValue, proxy.unknownNumberValue, proxy.unknownStringValue, proxy.unknownArrayValue,
    proxy.unknownAssetValue, proxy.unknownArchiveValue, proxy.unknownObjectValue,
]);

/**
 * The plain object behind the policy SDK's unknown-checking proxy. Reading the plain object is
 * several times faster than reading through the proxy, and an unknown stays a value to test
 * instead of an exception.
 */
export function plain(props: Record<string, any>): Record<string, any> {
    return (props as { __getSpecialProxyTarget?: Record<string, any> }).__getSpecialProxyTarget ?? props;
}

/**
 * A remediation's result: `props` with `changes` written over it. The SDK hands a remediation its
 * inputs with secrets unwrapped, so a bag spread from that view would go back to the engine with
 * every secret in the clear; this copies the bag under the SDK's proxies (secrets still wrapped)
 * and writes through the SDK's own proxy, which keeps a replaced secret secret. The plain copy is
 * returned, not the proxy: a proxy is no plain object to the engine's callers (Node 22's assert).
 */
export function remediated(props: Record<string, any>, changes: Record<string, any>): Record<string, any> {
    let raw = props;
    for (let inner = plain(raw); inner !== raw; inner = plain(raw)) raw = inner;
    const bag = { ...raw };
    Object.assign(secretsPreservingProxy(bag), changes);
    return bag;
}

/** True for a value unknown during preview, or a structure holding one. */
export function holdsUnknown(value: unknown): boolean {
    if (typeof value === "string") return UNKNOWN_SENTINELS.has(value);
    if (Array.isArray(value)) return value.some(holdsUnknown);
    if (typeof value === "object" && value !== null) return Object.values(value).some(holdsUnknown);
    return false;
}

/** A resource as far as messages need it. */
export interface Named {
    type: string;
    name: string;
}

/** "property logging.targetBucket of Bucket app": the property first, then where it is. */
export function propertyLabel(resource: Named, property: string): string {
    return `property ${property} of ${resource.type.split(":").pop()} ${resource.name}`;
}

export function notKnownYet(resource: Named, property: string): ReturnType<typeof unknown> {
    return unknown(`${propertyLabel(resource, property)} is not known until the resource is deployed`);
}

/**
 * Reads a property of a plain property bag; a value unknown during preview (or holding one)
 * becomes an `Unknown` that names the property and the resource.
 */
export function read<T>(props: Record<string, any>, property: string, resource: Named, path = property): Known<T | undefined> {
    const value = props[property];
    return holdsUnknown(value) ? notKnownYet(resource, path) : (value as T | undefined);
}
