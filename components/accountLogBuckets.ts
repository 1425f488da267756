import * as pulumi from "@pulumi/pulumi";
import { checkRegions } from "../engine";
import { RegionalLogBucket, RegionalLogBucketArgs } from "./regionalLogBucket";

export interface AccountLogBucketsArgs extends Omit<RegionalLogBucketArgs, "region"> {
    /** Regions to create a log bucket in, one each. */
    regions: string[];
}

/**
 * The log buckets of one account: one per Region, because a target must share its source's
 * account and Region. Pass the account's provider in `opts.providers` or `opts.provider`.
 */
export class AccountLogBuckets extends pulumi.ComponentResource {
    /** The log bucket of each Region, by Region code. */
    public readonly buckets: Record<string, RegionalLogBucket>;
    /** The log bucket names, by Region code. */
    public readonly bucketNames: Record<string, string>;

    constructor(name: string, args: AccountLogBucketsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("s3-access-logging:index:AccountLogBuckets", name, {}, opts);
        const { regions, ...bucketArgs } = args;
        checkRegions(regions, "regions");
        this.buckets = Object.fromEntries(
            regions.map((region) => [region, new RegionalLogBucket(`${name}-${region}`, { ...bucketArgs, region }, { parent: this })]),
        );
        this.bucketNames = Object.fromEntries(regions.map((r) => [r, this.buckets[r].bucketName]));
        this.registerOutputs({ bucketNames: this.bucketNames });
    }
}
