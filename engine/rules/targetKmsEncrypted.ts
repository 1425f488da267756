import { isUnknown } from "../known";
import { Rule, whenTargetExists } from "./rule";

export const targetKmsEncrypted: Rule = {
    id: "target-kms-encrypted",
    severity: "high",
    title: "Logging target uses SSE-KMS default encryption",
    description: "The S3 user guide supports only SSE-S3 (AES256) default encryption on log targets; a KMS key works only if its key policy grants the logging service.",
    check: whenTargetExists((source, logging, target) => {
        if (isUnknown(target.encryption)) return { unknown: `default encryption of ${target.name}: ${target.encryption.unknown}` };
        const { algorithm, kmsKeyId, keyGrantsLogDelivery } = target.encryption;
        if (algorithm === "AES256" || keyGrantsLogDelivery) return undefined;
        return {
            message: `Bucket ${source.name} logs to ${target.name}, whose default encryption is ${algorithm}${kmsKeyId ? ` (${kmsKeyId})` : ""}; log delivery supports SSE-S3. Switch the target to AES256 or grant logging.s3.amazonaws.com use of the key.`,
            remediation: "Set the target's default encryption to SSE-S3 (AES256), or use a log bucket that has it.",
            facts: { targetBucket: target.name, algorithm, kmsKeyId },
        };
    }),
};
