import {
    DeleteBucketEncryptionCommand, DeleteBucketLifecycleCommand, DeleteBucketOwnershipControlsCommand, DeleteBucketPolicyCommand,
    DeleteBucketTaggingCommand, DeletePublicAccessBlockCommand, GetBucketEncryptionCommand, GetBucketLifecycleConfigurationCommand,
    GetBucketLoggingCommand, GetBucketOwnershipControlsCommand, GetBucketPolicyCommand, GetBucketTaggingCommand, GetPublicAccessBlockCommand,
    PutBucketEncryptionCommand, PutBucketLifecycleConfigurationCommand, PutBucketLoggingCommand, PutBucketOwnershipControlsCommand,
    LoggingEnabled, PutBucketPolicyCommand, PutBucketTaggingCommand, PutPublicAccessBlockCommand, S3Client,
} from "@aws-sdk/client-s3";
import { errorCode, NOT_SET } from "../aws/errors";
import { grantsOf } from "../aws/loggingConfig";

/**
 * The bucket settings remediation changes, each read, written and removed the same way, so
 * that applying, checking and undoing share one description. `null` means "not set".
 */
export type SettingName = "policy" | "logging" | "tagging" | "lifecycle" | "publicAccessBlock" | "encryption" | "ownership";

interface Setting {
    read(s3: S3Client, bucket: string): Promise<unknown>;
    write(s3: S3Client, bucket: string, value: unknown): Promise<void>;
    remove(s3: S3Client, bucket: string): Promise<void>;
    /** The part of a value that S3 keeps and gives back, for comparing states. */
    canonical(value: unknown): unknown;
    /** Whether two values are the same state, where comparing their canonical forms is not enough. */
    same?(a: unknown, b: unknown): boolean;
}

/** Reads a setting; the error S3 answers for "not set" becomes null. */
async function orNull<T>(read: Promise<T>, absent: string): Promise<T | null> {
    try {
        return await read;
    } catch (e) {
        if (errorCode(e) === absent) return null;
        throw e;
    }
}

type Tag = { Key?: string; Value?: string };
type Rule = { Prefix?: string; Filter?: { Prefix?: string } & Record<string, unknown> } & Record<string, unknown>;

/** A value with its object keys sorted and unset members dropped: S3 echoes members in an order of its own. */
function keySorted(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(keySorted);
    if (value === null || typeof value !== "object" || value instanceof Date) return value;
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, keySorted(v)]));
}

/** Grants as the engine reads them (echoes add empty DisplayName and ID); the key format as S3 keeps it. */
function loggingState(value: unknown): { bucket: string; prefix: string; grants: string[]; format: unknown } | null {
    const l = value as LoggingEnabled | null;
    if (!l?.TargetBucket) return null;
    const grants = grantsOf(l.TargetGrants).map((g) => JSON.stringify(keySorted(g))).sort();
    return { bucket: l.TargetBucket, prefix: l.TargetPrefix ?? "", grants, format: keySorted(l.TargetObjectKeyFormat) };
}

export const SETTINGS: Record<SettingName, Setting> = {
    policy: {
        read: async (s3, Bucket) => (await orNull(s3.send(new GetBucketPolicyCommand({ Bucket })), NOT_SET.policy))?.Policy ?? null,
        write: async (s3, Bucket, value) => void (await s3.send(new PutBucketPolicyCommand({ Bucket, Policy: value as string }))),
        remove: async (s3, Bucket) => void (await s3.send(new DeleteBucketPolicyCommand({ Bucket }))),
        // Statement order and bytes are kept by S3; whitespace may not be.
        canonical: (value) => (typeof value === "string" ? JSON.parse(value) : value),
    },
    logging: {
        read: async (s3, Bucket) => (await s3.send(new GetBucketLoggingCommand({ Bucket }))).LoggingEnabled ?? null,
        write: async (s3, Bucket, value) => void (await s3.send(new PutBucketLoggingCommand({ Bucket, BucketLoggingStatus: value ? { LoggingEnabled: value as never } : {} }))),
        remove: async (s3, Bucket) => void (await s3.send(new PutBucketLoggingCommand({ Bucket, BucketLoggingStatus: {} }))),
        canonical: loggingState,
        same: (a, b) => {
            const [x, y] = [loggingState(a), loggingState(b)];
            // Some endpoints do not echo the key format: it decides only when both sides have one.
            if (x && y && (!x.format || !y.format)) x.format = y.format = undefined;
            return JSON.stringify(x) === JSON.stringify(y);
        },
    },
    tagging: {
        read: async (s3, Bucket) => (await orNull(s3.send(new GetBucketTaggingCommand({ Bucket })), NOT_SET.tags))?.TagSet ?? null,
        write: async (s3, Bucket, value) => void (await s3.send(new PutBucketTaggingCommand({ Bucket, Tagging: { TagSet: value as never } }))),
        remove: async (s3, Bucket) => void (await s3.send(new DeleteBucketTaggingCommand({ Bucket }))),
        canonical: (value) => (value ? Object.fromEntries((value as Tag[]).map((t) => [t.Key, t.Value]).sort()) : null),
    },
    lifecycle: {
        read: async (s3, Bucket) => (await orNull(s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket })), NOT_SET.lifecycle))?.Rules ?? null,
        write: async (s3, Bucket, value) => void (await s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket, LifecycleConfiguration: { Rules: value as never } }))),
        remove: async (s3, Bucket) => void (await s3.send(new DeleteBucketLifecycleCommand({ Bucket }))),
        // Every member of every rule: a transition or filter someone adds later is a change rollback must see.
        // The legacy top-level Prefix, a Filter of an empty prefix and no Filter all mean "every object".
        canonical: (value) => (value as Rule[] | null)?.map(({ Prefix, Filter, ...rule }) => {
            const { Prefix: prefix, ...filter } = Filter ?? { Prefix };
            return keySorted({ ...rule, Filter: prefix ? { ...filter, Prefix: prefix } : filter });
        }) ?? null,
    },
    publicAccessBlock: {
        read: async (s3, Bucket) => (await orNull(s3.send(new GetPublicAccessBlockCommand({ Bucket })), NOT_SET.publicAccessBlock))?.PublicAccessBlockConfiguration ?? null,
        write: async (s3, Bucket, value) => void (await s3.send(new PutPublicAccessBlockCommand({ Bucket, PublicAccessBlockConfiguration: value as never }))),
        remove: async (s3, Bucket) => void (await s3.send(new DeletePublicAccessBlockCommand({ Bucket }))),
        canonical: (value) => {
            const v = value as Record<string, boolean> | null;
            return v ? ["BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"].map((k) => Boolean(v[k])) : null;
        },
    },
    encryption: {
        read: async (s3, Bucket) =>
            (await orNull(s3.send(new GetBucketEncryptionCommand({ Bucket })), NOT_SET.encryption))?.ServerSideEncryptionConfiguration ?? null,
        write: async (s3, Bucket, value) => void (await s3.send(new PutBucketEncryptionCommand({ Bucket, ServerSideEncryptionConfiguration: value as never }))),
        remove: async (s3, Bucket) => void (await s3.send(new DeleteBucketEncryptionCommand({ Bucket }))),
        canonical: (value) =>
            (value as { Rules?: { ApplyServerSideEncryptionByDefault?: { SSEAlgorithm?: string; KMSMasterKeyID?: string } }[] } | null)?.Rules
                ?.map((r) => [r.ApplyServerSideEncryptionByDefault?.SSEAlgorithm, r.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID ?? null]) ?? null,
    },
    ownership: {
        read: async (s3, Bucket) => (await orNull(s3.send(new GetBucketOwnershipControlsCommand({ Bucket })), NOT_SET.ownership))?.OwnershipControls ?? null,
        write: async (s3, Bucket, value) => void (await s3.send(new PutBucketOwnershipControlsCommand({ Bucket, OwnershipControls: value as never }))),
        remove: async (s3, Bucket) => void (await s3.send(new DeleteBucketOwnershipControlsCommand({ Bucket }))),
        canonical: (value) => (value as { Rules?: { ObjectOwnership?: string }[] } | null)?.Rules?.map((r) => r.ObjectOwnership) ?? null,
    },
};

/** True when two values of a setting are the same state as S3 keeps it. */
export function sameSetting(name: SettingName, a: unknown, b: unknown): boolean {
    const { canonical, same } = SETTINGS[name];
    return same ? same(a ?? null, b ?? null) : JSON.stringify(canonical(a ?? null)) === JSON.stringify(canonical(b ?? null));
}

/** Puts a setting back to `value`: written, or removed when it was not set. */
export async function restoreSetting(s3: S3Client, bucket: string, name: SettingName, value: unknown): Promise<void> {
    if (value === null || value === undefined) await SETTINGS[name].remove(s3, bucket);
    else await SETTINGS[name].write(s3, bucket, value);
}
