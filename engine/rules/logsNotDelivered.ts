import { activeLogging } from "../graph";
import { isUnknown } from "../known";
import { Rule } from "./rule";

export const logsNotDelivered: Rule = {
    id: "logs-not-delivered",
    severity: "medium",
    title: "No access log delivered recently",
    description: "Logging is configured, but no log object arrived within the allowed age: delivery may be failing silently (or nobody used the bucket). S3 delivers best effort, usually within hours.",
    check(bucket) {
        // Judged only where delivery was checked (audit --verify-delivery).
        if (bucket.delivery === undefined || !activeLogging(bucket)) return undefined;
        if (isUnknown(bucket.delivery)) return { unknown: `delivery check: ${bucket.delivery.unknown}` };
        const { since, maxAgeHours, objectKey } = bucket.delivery;
        if (objectKey !== null) return undefined;
        const logging = activeLogging(bucket)!;
        return {
            message: `Bucket ${bucket.name} logs to ${logging.targetBucket}/${logging.targetPrefix}, but no log object arrived in the last ${maxAgeHours} h (since ${since}); check the target's permissions, or whether the bucket had any requests.`,
            remediation: "Confirm the bucket had requests in the window; if so, check the target's policy, encryption and Object Lock, and that logging was not changed within the last hour.",
            facts: { targetBucket: logging.targetBucket, targetPrefix: logging.targetPrefix, since, maxAgeHours },
        };
    },
};
