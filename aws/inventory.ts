import { GetBucketLocationCommand, paginateListBuckets } from "@aws-sdk/client-s3";
import { normalizeRegion } from "../engine";
import { AwsClients } from "./clients";

export interface ListedBucket {
    name: string;
    accountId: string;
    region: string;
}

/**
 * The buckets an account owns. `MaxBuckets` makes ListBuckets page and return each bucket's
 * Region; where an endpoint leaves `BucketRegion` out, GetBucketLocation answers instead.
 * The SDK paginator stops when no ContinuationToken comes back.
 */
export async function listBuckets(clients: AwsClients, accountId: string, homeRegion: string): Promise<ListedBucket[]> {
    const client = clients.s3(accountId, homeRegion);
    const buckets: ListedBucket[] = [];
    for await (const page of paginateListBuckets({ client, pageSize: 1000 }, {})) {
        for (const b of page.Buckets ?? []) {
            const region = b.BucketRegion ?? normalizeRegion((await client.send(new GetBucketLocationCommand({ Bucket: b.Name! }))).LocationConstraint);
            buckets.push({ name: b.Name!, accountId, region });
        }
    }
    return buckets;
}
