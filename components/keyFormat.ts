import { KeyFormat } from "../engine/facts";

/** `targetObjectKeyFormat` as `aws.s3.BucketLogging` takes it. */
export interface PulumiKeyFormat {
    partitionedPrefix?: { partitionDateSource: string };
    simplePrefix?: Record<string, never>;
}

export function toPulumiKeyFormat(format: KeyFormat): PulumiKeyFormat {
    return format.kind === "partitioned" ? { partitionedPrefix: { partitionDateSource: format.dateSource } } : { simplePrefix: {} };
}

/** Absent means SimplePrefix, the AWS default. */
export function fromPulumiKeyFormat(value: PulumiKeyFormat | undefined): KeyFormat | undefined {
    if (value?.partitionedPrefix) {
        const source = value.partitionedPrefix.partitionDateSource === "DeliveryTime" ? "DeliveryTime" : "EventTime";
        return { kind: "partitioned", dateSource: source };
    }
    return value?.simplePrefix ? { kind: "simple" } : undefined;
}
