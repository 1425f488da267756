import * as pulumi from "@pulumi/pulumi";
import { checkRegions } from "../engine";
import { LogBucketOptions, RegionalLogBucket } from "./regionalLogBucket";

export interface AccountLogBucketsArgs extends LogBucketOptions {
    /** Regions to create a log bucket in, one each. */
    regions: string[];
}

// The schema analyzer of the component provider turns every property into an output, and a
// RegionalLogBucket has no type in that schema: TypeScript callers reach the buckets via a getter.
const bucketsOf = new WeakMap<AccountLogBuckets, Record<string, RegionalLogBucket>>();

/**
 * The log buckets of one account: one per Region, because a target must share its source's
 * account and Region. Pass the account's provider in `opts.providers` or `opts.provider`.
 */
export class AccountLogBuckets extends pulumi.ComponentResource {
    /** The log bucket names, by Region code. */
    public readonly bucketNames: Record<string, string>;

    constructor(name: string, args: AccountLogBucketsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("s3-access-logging:index:AccountLogBuckets", name, {}, opts);
        const { regions, ...bucketArgs } = args;
        checkRegions(regions, "regions");
        const buckets = Object.fromEntries(
            regions.map((region) => [region, new RegionalLogBucket(`${name}-${region}`, { ...bucketArgs, region }, { parent: this })]),
        );
        bucketsOf.set(this, buckets);
        this.bucketNames = Object.fromEntries(regions.map((r) => [r, buckets[r].bucketName]));
        this.registerOutputs({ bucketNames: this.bucketNames });
    }

    /** The log bucket of each Region, by Region code. */
    get buckets(): Record<string, RegionalLogBucket> {
        return bucketsOf.get(this)!;
    }
}
