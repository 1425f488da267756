import { BucketFacts, Grant, LoggingConfig } from "./facts";
import { isUnknown } from "./known";
import { evaluatePolicy, PolicyVerdict, ServiceRequest } from "./policyDocument";
import { bucketArn } from "./regions";

export const LOG_DELIVERY_SERVICE = "logging.s3.amazonaws.com";
export const LOG_DELIVERY_GROUP = "http://acs.amazonaws.com/groups/s3/LogDelivery";

/** A log object key as S3 would write it for this source, to test policy resources against. */
export function sampleLogKey(logging: LoggingConfig, source: { name: string; accountId: string; region: string }): string {
    const stamp = "2026-01-01-00-00-00-0123456789ABCDEF";
    if (logging.keyFormat?.kind === "partitioned") {
        return `${logging.targetPrefix}${source.accountId}/${source.region}/${source.name}/2026/01/01/${stamp}`;
    }
    return `${logging.targetPrefix}${stamp}`;
}

/** The PutObject request the logging service makes when it delivers `source`'s logs. */
export function deliveryRequest(source: BucketFacts, target: BucketFacts, logging: LoggingConfig): ServiceRequest {
    const region = isUnknown(target.region) ? (isUnknown(source.region) ? "us-east-1" : source.region) : target.region;
    const sourceRegion = isUnknown(source.region) ? region : source.region;
    // Only the sample key's path uses this; the aws:SourceAccount condition below stays unknown.
    const accountId = isUnknown(source.accountId) ? "000000000000" : source.accountId;
    const org = source.organizationId;
    return {
        service: LOG_DELIVERY_SERVICE,
        action: "s3:PutObject",
        resource: `${bucketArn(target.name, region)}/${sampleLogKey(logging, { name: source.name, accountId, region: sourceRegion })}`,
        context: {
            "aws:SourceAccount": isUnknown(source.accountId) ? undefined : source.accountId,
            "aws:SourceArn": bucketArn(source.name, sourceRegion),
            "aws:SecureTransport": "true",
            "aws:PrincipalServiceName": LOG_DELIVERY_SERVICE,
            // Data-perimeter Denies exempt service principals by this key (BoolIfExists … "false").
            "aws:PrincipalIsAWSService": "true",
            // Present when the source's account is in an organization; not knowing that leaves it unknown.
            ...(org === null ? {} : {
                "aws:SourceOrgID": org === undefined || isUnknown(org) ? undefined : org,
                "aws:SourceOrgPaths": undefined,
            }),
        },
    };
}

function aclGrantsDelivery(grants: Grant[]): boolean {
    const has = (permission: Grant["permission"]) =>
        grants.some(
            (g) => g.grantee.type === "Group" && g.grantee.uri === LOG_DELIVERY_GROUP &&
                (g.permission === permission || g.permission === "FULL_CONTROL"),
        );
    return has("WRITE") && has("READ_ACP");
}

export type DeliveryVerdict =
    | { verdict: "allowed"; via: "policy" | "acl"; sid?: string }
    | { verdict: "denied"; reason: string }
    | { verdict: "unknown"; reason: string };

/**
 * Whether `target` lets the logging service write `source`'s logs: by a bucket-policy
 * statement, or by the legacy LogDelivery ACL where ACLs are still in force; a Deny wins.
 */
export function deliveryPermission(source: BucketFacts, target: BucketFacts, logging: LoggingConfig): DeliveryVerdict {
    let policy: PolicyVerdict;
    if (isUnknown(target.policy)) policy = { verdict: "unknown", reason: target.policy.unknown };
    else if (target.policy === null) policy = { verdict: "not-granted" };
    else policy = evaluatePolicy(target.policy, deliveryRequest(source, target, logging));

    if (policy.verdict === "denied") {
        return { verdict: "denied", reason: `statement ${policy.sid ?? "(no Sid)"} of ${target.name}'s bucket policy denies delivery` };
    }
    if (policy.verdict === "allowed") return { verdict: "allowed", via: "policy", sid: policy.sid };
    // A Deny blocks the ACL route too.
    if (policy.verdict === "unknown" && policy.denyMayApply) return { verdict: "unknown", reason: policy.reason };

    // ACLs are ignored on BucketOwnerEnforced buckets, the default since April 2023.
    const aclFact = [target.ownership, target.aclGrants].find(isUnknown);
    if (aclFact) return { verdict: "unknown", reason: policy.verdict === "unknown" ? policy.reason : aclFact.unknown };
    const { ownership, aclGrants } = target as { ownership: string; aclGrants: Grant[] };
    if (ownership !== "BucketOwnerEnforced" && aclGrantsDelivery(aclGrants)) {
        return { verdict: "allowed", via: "acl" };
    }
    if (policy.verdict === "unknown") return { verdict: "unknown", reason: policy.reason };
    return {
        verdict: "denied",
        reason: `no bucket-policy statement of ${target.name} lets ${LOG_DELIVERY_SERVICE} s3:PutObject under "${logging.targetPrefix}"`,
    };
}
