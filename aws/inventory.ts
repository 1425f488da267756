import { GetBucketLocationCommand, ListBucketsCommand } from "@aws-sdk/client-s3";
import pLimit from "p-limit";
import { normalizeRegion } from "../engine";
import { AwsClients } from "./clients";

export interface ListedBucket {
    name: string;
    accountId: string;
    region: string;
}

/** Calls in flight at once for a listing without a runner of its own (the CLI's default `--concurrency`). */
export const LISTING_CONCURRENCY = 16;

/** Runs one AWS call, e.g. through a concurrency limiter. */
export type CallRunner = <T>(call: () => Promise<T>) => Promise<T>;

/**
 * The buckets an account owns. `MaxBuckets` makes ListBuckets page and return each bucket's
 * Region; where an endpoint leaves `BucketRegion` out, GetBucketLocation answers instead, for
 * the buckets of a page at once. Paging stops when no ContinuationToken comes back. Every call
 * goes through `run`, so a caller's concurrency limits hold for the listing too; without one,
 * at most LISTING_CONCURRENCY calls are in flight.
 */
export async function listBuckets(clients: AwsClients, accountId: string, homeRegion: string, run: CallRunner = pLimit(LISTING_CONCURRENCY)): Promise<ListedBucket[]> {
    const client = clients.s3(accountId, homeRegion);
    const buckets: ListedBucket[] = [];
    let token: string | undefined;
    do {
        const page = await run(() => client.send(new ListBucketsCommand({ MaxBuckets: 1000, ContinuationToken: token })));
        buckets.push(...await Promise.all((page.Buckets ?? []).map(async (b) => ({
            name: b.Name!,
            accountId,
            region: b.BucketRegion ?? normalizeRegion((await run(() => client.send(new GetBucketLocationCommand({ Bucket: b.Name! })))).LocationConstraint),
        }))));
        token = page.ContinuationToken;
    } while (token);
    return buckets;
}
