import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { isKnownRegion, isUnknown, Known, unknown } from "../engine";
import { PackSettings } from "./settings";
import { plain } from "./values";

/** A provider as the policy SDK shows it: its inputs, non-string values JSON-encoded. */
export interface ProviderInfo {
    urn: string;
    name: string;
    props: Record<string, unknown>;
}

/** Provider inputs arrive as JSON strings when they are not strings; accept both. */
function decoded<T>(value: unknown): T | undefined {
    if (typeof value !== "string") return value as T | undefined;
    try {
        return JSON.parse(value) as T;
    } catch {
        return undefined;
    }
}

function readSafely<T>(read: () => T): T | undefined {
    try {
        return read();
    } catch {
        return undefined; // unknown during preview
    }
}

/** The account a provider acts in, as far as its own inputs tell. */
export function providerAccount(provider: ProviderInfo | undefined): string | undefined {
    if (!provider) return undefined;
    const roles = decoded<{ roleArn?: string }[] | { roleArn?: string }>(readSafely(() => provider.props.assumeRoles));
    const roleArn = (Array.isArray(roles) ? roles[roles.length - 1] : roles)?.roleArn;
    const fromRole = typeof roleArn === "string" ? /^arn:[\w-]+:iam::(\d{12}):role\//.exec(roleArn)?.[1] : undefined;
    if (fromRole) return fromRole;
    const allowed = decoded<string[]>(readSafely(() => provider.props.allowedAccountIds));
    return Array.isArray(allowed) && allowed.length === 1 ? String(allowed[0]) : undefined;
}

/** Tags the provider puts on every resource it manages (`defaultTags`): S3 holds them as the bucket's own. */
export function providerDefaultTags(provider: ProviderInfo | undefined): Record<string, string> {
    return decoded<{ tags?: Record<string, string> }>(readSafely(() => provider?.props.defaultTags))?.tags ?? {};
}

/**
 * A provider with no credential settings of its own uses the ambient credentials. A setting
 * unknown during preview (a role in an account created by this stack) is still a setting.
 */
function usesAmbientCredentials(provider: ProviderInfo | undefined): boolean {
    if (!provider) return true;
    const props = plain(provider.props);
    return !["profile", "accessKey", "assumeRoles", "assumeRoleWithWebIdentity", "sharedCredentialsFiles", "token"]
        .some((k) => props[k] !== undefined);
}

let callerAccount: Promise<string | undefined> | undefined;

/** STS GetCallerIdentity for the ambient credentials, asked once per process. */
function ambientAccount(): Promise<string | undefined> {
    callerAccount ??= new STSClient({ region: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-1" })
        .send(new GetCallerIdentityCommand({}))
        .then((r) => r.Account, () => undefined);
    return callerAccount;
}

/** For tests: forget the cached caller identity. */
export function forgetCallerIdentity(): void {
    callerAccount = undefined;
}

/** The engine's name for a default provider: `default`, or `default_<version with underscores>`. */
const DEFAULT_PROVIDER_NAME = /^default(_\d+_\d+_\d+\S*)?$/;
export const DEFAULT_PROVIDER_KEY = "default";

/**
 * The `accounts` entry for a provider: by URN, by name, or — for a default provider, which the
 * engine names after the plugin version a program pins (`default_7_23_0`) — by `default`.
 */
function accountSetting(provider: ProviderInfo, settings: PackSettings): string | undefined {
    const byName = settings.accounts[provider.urn] ?? settings.accounts[provider.name];
    return byName ?? (DEFAULT_PROVIDER_NAME.test(provider.name) ? settings.accounts[DEFAULT_PROVIDER_KEY] : undefined);
}

/**
 * The account of a resource: the provider's role or allowed account, else the settings'
 * override for that provider, else `accountId`, else STS for ambient credentials.
 */
export async function resolveAccount(provider: ProviderInfo | undefined, settings: PackSettings): Promise<Known<string>> {
    const override = provider && accountSetting(provider, settings);
    const fromProvider = override ?? providerAccount(provider);
    if (fromProvider) return fromProvider;
    if (settings.accountId) return settings.accountId;
    const ambient = usesAmbientCredentials(provider) ? await ambientAccount() : undefined;
    return ambient ?? unknown(`the account of provider ${provider?.name ?? "(default)"} is not known; set allowedAccountIds on it, or accountId in the policy config`);
}

/**
 * The Region of a resource: its own `region`, else its provider's, else the environment's; its
 * own still unknown (during preview) is the answer.
 */
export function resolveRegion(resourceRegion: Known<unknown>, provider: ProviderInfo | undefined): Known<string> {
    if (isUnknown(resourceRegion)) return resourceRegion;
    for (const candidate of [resourceRegion, readSafely(() => provider?.props.region), process.env.AWS_REGION, process.env.AWS_DEFAULT_REGION]) {
        if (typeof candidate === "string" && candidate !== "") {
            return isKnownRegion(candidate) ? candidate : unknown(`"${candidate}" is not a known Region`);
        }
    }
    return unknown("no Region on the resource, its provider or in AWS_REGION");
}
