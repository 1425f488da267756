import { PolicyResource } from "@pulumi/policy";
import { LOG_BUCKET_TAG, logBucketPolicy } from "../../engine";
import { DEFAULT_PROVIDER, Provider, resource, TYPES } from "./harness";

export const ACCOUNT = "111111111111";

/** A log bucket as RegionalLogBucket makes it: tagged, with the delivery policy. */
export function logBucket(name: string, region = "us-east-1", prov: Provider = DEFAULT_PROVIDER, account = ACCOUNT): PolicyResource[] {
    return [
        resource(TYPES.Bucket, name, { bucket: name, region, tags: { [LOG_BUCKET_TAG.key]: LOG_BUCKET_TAG.value } }, { provider: prov }),
        resource(TYPES.BucketPolicy, `${name}-policy`, {
            bucket: name, region, policy: JSON.stringify(logBucketPolicy({ bucket: name, region, prefix: "access-logs/", sourceAccountId: account })),
        }, { provider: prov }),
    ];
}

/** A source bucket with a separate logging resource into `target`. */
export function loggedBucket(name: string, target: string, extra: Record<string, unknown> = {}, region = "us-east-1", prov: Provider = DEFAULT_PROVIDER): PolicyResource[] {
    return [
        resource(TYPES.Bucket, name, { bucket: name, region }, { provider: prov }),
        resource(TYPES.BucketLogging, `${name}-logging`, {
            bucket: name, region, targetBucket: target, targetPrefix: "access-logs/",
            targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: "EventTime" } }, ...extra,
        }, { provider: prov }),
    ];
}
