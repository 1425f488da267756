/** AWS Regions by partition. Config naming a Region outside this list is rejected. */
const REGIONS_BY_PARTITION: Record<string, readonly string[]> = {
    aws: [
        "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
        "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
        "ap-southeast-5", "ap-southeast-6", "ap-southeast-7", "ca-central-1", "ca-west-1", "eu-central-1",
        "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3",
        "il-central-1", "me-central-1", "me-south-1", "mx-central-1", "sa-east-1", "us-east-1", "us-east-2",
        "us-west-1", "us-west-2",
    ],
    "aws-cn": ["cn-north-1", "cn-northwest-1"],
    "aws-us-gov": ["us-gov-east-1", "us-gov-west-1"],
    "aws-eusc": ["eusc-de-east-1"],
};

const PARTITION_OF = new Map<string, string>(
    Object.entries(REGIONS_BY_PARTITION).flatMap(([partition, regions]) => regions.map((r) => [r, partition])),
);

export const KNOWN_REGIONS: readonly string[] = [...PARTITION_OF.keys()].sort();

/** The longest Region code, used to check that a name template fits every Region. */
export const LONGEST_REGION = KNOWN_REGIONS.reduce((a, b) => (b.length > a.length ? b : a));

export function isKnownRegion(region: string): boolean {
    return PARTITION_OF.has(region);
}

/**
 * Turns a LocationConstraint into a Region code: GetBucketLocation answers empty for us-east-1
 * and the legacy `EU` for eu-west-1.
 */
export function normalizeRegion(locationConstraint: string | null | undefined): string {
    if (!locationConstraint) return "us-east-1";
    if (locationConstraint === "EU") return "eu-west-1";
    return locationConstraint;
}

/** The ARN partition of a Region; unknown Regions are assumed to be commercial. */
export function partitionOf(region: string): string {
    return PARTITION_OF.get(region) ?? "aws";
}

/** S3 bucket ARNs carry neither Region nor account, only the partition. */
export function bucketArn(bucket: string, region: string): string {
    return `arn:${partitionOf(region)}:s3:::${bucket}`;
}
