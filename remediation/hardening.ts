import { DeliveryGrant, LogBucketSpec, mergeDeliveryStatement, mergeStatement, tlsOnlyStatement } from "../engine";
import { SettingName } from "./settings";

/** The settings that make a regional log bucket, in the order they are ensured. */
export const HARDENING: SettingName[] = ["ownership", "publicAccessBlock", "encryption", "lifecycle", "tagging", "policy"];

type Tag = { Key?: string; Value?: string };

/**
 * The value a log bucket's setting must get, given its current value; undefined when it is
 * already right. Merges, never replaces: our statements join the policy, our tags join the
 * tag set, and a setting someone already chose (a lifecycle, an encryption, an ownership
 * mode) is theirs to keep. Only a public access block with a switch off is tightened.
 */
export function hardened(name: SettingName, current: unknown, spec: LogBucketSpec, grant: DeliveryGrant): unknown {
    switch (name) {
        case "ownership":
            return current === null ? { Rules: [{ ObjectOwnership: spec.ownership }] } : undefined;
        case "publicAccessBlock": {
            const all = { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true };
            const now = current as Record<string, boolean> | null;
            return now && Object.keys(all).every((k) => now[k] === true) ? undefined : all;
        }
        case "encryption":
            return current === null ? { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: spec.sseAlgorithm } }] } : undefined;
        case "lifecycle": {
            if (current !== null) return undefined;
            const { lifecycle } = spec;
            return [{
                ID: lifecycle.id,
                Status: "Enabled",
                Filter: { Prefix: "" },
                Expiration: { Days: lifecycle.expirationDays },
                Transitions: lifecycle.transition ? [{ Days: lifecycle.transition.days, StorageClass: lifecycle.transition.storageClass }] : undefined,
                AbortIncompleteMultipartUpload: { DaysAfterInitiation: lifecycle.abortIncompleteMultipartUploadDays },
            }];
        }
        case "tagging": {
            const tags = (current as Tag[] | null) ?? [];
            const missing = Object.entries(spec.tags).filter(([k, v]) => !tags.some((t) => t.Key === k && t.Value === v));
            if (missing.length === 0) return undefined;
            // Own keys only: `in` would also match Object's members and drop a tag named "constructor".
            return [...tags.filter((t) => !Object.hasOwn(spec.tags, t.Key!)), ...Object.entries(spec.tags).map(([Key, Value]) => ({ Key, Value }))];
        }
        case "policy": {
            const withDelivery = mergeDeliveryStatement(current as string | null, grant);
            const withTls = mergeStatement(withDelivery.policy, tlsOnlyStatement(grant.bucket, grant.region), grant.bucket, "last");
            return withDelivery.changed || withTls.changed ? withTls.policy : undefined;
        }
        case "logging":
            throw new Error("a log bucket's own logging is never changed");
    }
}
