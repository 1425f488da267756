import { Grant as SdkGrant, LoggingEnabled } from "@aws-sdk/client-s3";
import { Grant, LoggingConfig } from "../engine";

/** SDK shapes → the engine's facts: shared by the audit, remediation and log reading. */
export function grantsOf(grants: SdkGrant[] | undefined): Grant[] {
    return (grants ?? []).map((g) => ({
        grantee: g.Grantee?.Type === "Group" ? { type: "Group", uri: g.Grantee.URI ?? "" }
            : g.Grantee?.Type === "AmazonCustomerByEmail" ? { type: "AmazonCustomerByEmail", email: g.Grantee.EmailAddress ?? "" }
            : { type: "CanonicalUser", id: g.Grantee?.ID ?? "" },
        permission: g.Permission as Grant["permission"],
    }));
}

export function loggingConfigOf(enabled: LoggingEnabled | undefined | null): LoggingConfig | null {
    if (!enabled?.TargetBucket) return null;
    const format = enabled.TargetObjectKeyFormat;
    return {
        targetBucket: enabled.TargetBucket,
        targetPrefix: enabled.TargetPrefix ?? "",
        keyFormat: format?.PartitionedPrefix
            ? { kind: "partitioned", dateSource: format.PartitionedPrefix.PartitionDateSource === "DeliveryTime" ? "DeliveryTime" : "EventTime" }
            : format?.SimplePrefix ? { kind: "simple" } : undefined,
        targetGrants: enabled.TargetGrants?.length ? grantsOf(enabled.TargetGrants) : undefined,
    };
}
