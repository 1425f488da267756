import { LOG_DELIVERY_SERVICE } from "./delivery";
import { arrayElements, topLevelMember } from "./jsonText";
import { parsePolicy, PolicyDocument, PolicyStatement, statementsOf } from "./policyDocument";
import { bucketArn } from "./regions";

/** AWS caps a bucket policy at 20 KB. */
export const MAX_POLICY_BYTES = 20 * 1024;

export interface DeliveryGrant {
    /** The log (target) bucket. */
    bucket: string;
    region: string;
    /** Log object keys start with this; the statement covers `prefix*`. */
    prefix: string;
    /** Only sources in this account may deliver (the source must be in the target's account anyway). */
    sourceAccountId: string;
}

/** Statement IDs allow only letters and digits; one Sid per prefix lets prefixes coexist. */
export function deliverySid(prefix: string): string {
    const words = prefix.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1));
    return `S3ServerAccessLogs${words.join("")}`;
}

/**
 * The statement that lets S3 deliver access logs, as the S3 user guide recommends. Scoped by
 * `aws:SourceAccount` and prefix rather than by source ARN so that the policy stays small.
 * `Resource` is a single string: some S3 implementations accept no other shape for it.
 */
export function deliveryStatement(grant: DeliveryGrant): PolicyStatement {
    return {
        Sid: deliverySid(grant.prefix),
        Effect: "Allow",
        Principal: { Service: LOG_DELIVERY_SERVICE },
        Action: "s3:PutObject",
        Resource: `${bucketArn(grant.bucket, grant.region)}/${grant.prefix}*`,
        Condition: { StringEquals: { "aws:SourceAccount": grant.sourceAccountId } },
    };
}

/** Refuses plain HTTP to the bucket. `{"AWS": "*"}` means anyone, like `"*"`. */
export function tlsOnlyStatement(bucket: string, region: string): PolicyStatement {
    const arn = bucketArn(bucket, region);
    return {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: { AWS: "*" },
        Action: "s3:*",
        Resource: [arn, `${arn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    };
}

/** The whole policy of a regional log bucket: delivery first, then TLS only. */
export function logBucketPolicy(grant: DeliveryGrant): PolicyDocument {
    return { Version: "2012-10-17", Statement: [deliveryStatement(grant), tlsOnlyStatement(grant.bucket, grant.region)] };
}

export interface MergeResult {
    policy: string;
    changed: boolean;
}

function checkSize(policy: string, bucket: string): string {
    const bytes = Buffer.byteLength(policy, "utf8");
    if (bytes > MAX_POLICY_BYTES) {
        throw new Error(`the bucket policy of ${bucket} would be ${bytes} bytes, over the 20 KB limit; remove statements or scope them by aws:SourceAccount.`);
    }
    return policy;
}

/** Whether `sid` is `ours` or `ours` numbered (`ours2`, …): the Sids mergeStatement gives ours. */
const numberedSid = (sid: unknown, ours: string) => typeof sid === "string" && sid.startsWith(ours) && /^(\d+)?$/.test(sid.slice(ours.length));

/**
 * Adds `statement` to an existing policy (or creates one). Works on the text, so every other
 * statement keeps its exact bytes and place. Replaces nothing: a Sid does not prove a statement
 * is ours (the delivery Sids of `web/` and `Web/` are one, `DenyInsecureTransport` is a common
 * name), so ours takes the first Sid free of `Sid`, `Sid2`, …; ours already there under one of
 * them changes nothing (idempotent). It goes first (`first`) or last.
 */
export function mergeStatement(existing: string | null | undefined, statement: PolicyStatement, bucket: string, place: "first" | "last"): MergeResult {
    if (!existing || existing.trim() === "") {
        return { policy: checkSize(JSON.stringify({ Version: "2012-10-17", Statement: [statement] }), bucket), changed: true };
    }
    const sid = statement.Sid!;
    const present = statementsOf(parsePolicy(existing));
    const text = JSON.stringify(statement);
    if (present.some((s) => numberedSid(s.Sid, sid) && JSON.stringify({ ...s, Sid: sid }) === text)) return { policy: existing, changed: false };
    let n = 1;
    while (present.some((s) => s.Sid === (n === 1 ? sid : `${sid}${n}`))) n++;
    const ours = JSON.stringify(n === 1 ? statement : { ...statement, Sid: `${sid}${n}` });

    const span = topLevelMember(existing, "Statement")!;
    let policy: string;
    if (existing[span.start] !== "[") {
        // A lone statement object: make it an array.
        const lone = existing.slice(span.start, span.end);
        policy = `${existing.slice(0, span.start)}[${place === "first" ? `${ours},${lone}` : `${lone},${ours}`}]${existing.slice(span.end)}`;
    } else {
        const elements = arrayElements(existing, span);
        policy = place === "first" || elements.length === 0
            ? `${existing.slice(0, span.start + 1)}${ours}${elements.length === 0 ? "" : ","}${existing.slice(span.start + 1)}`
            : `${existing.slice(0, elements[elements.length - 1].end)},${ours}${existing.slice(elements[elements.length - 1].end)}`;
    }
    return { policy: checkSize(policy, bucket), changed: true };
}

/**
 * Adds the delivery statement to an existing policy. It goes first: some S3 implementations
 * reject logging when a `"Principal": "*"` statement precedes it.
 */
export function mergeDeliveryStatement(existing: string | null | undefined, grant: DeliveryGrant): MergeResult {
    return mergeStatement(existing, deliveryStatement(grant), grant.bucket, "first");
}
