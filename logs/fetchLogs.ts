import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { GetBucketLocationCommand, GetBucketLoggingCommand, GetObjectCommand, paginateListObjectsV2, S3Client, ListObjectsV2Command } from "@aws-sdk/client-s3";
import * as fs from "fs";
import pLimit from "p-limit";
import * as path from "path";
import { Readable } from "stream";
import { pipeline } from "stream/promises";
import { normalizeRegion } from "../engine";
import { AwsClients } from "../aws/clients";
import { loggingConfigOf } from "../aws/loggingConfig";
import { isLogKey, KeyRange, LogLocation, prefixIsShared, rangesSince } from "./layout";

/** Finds where a bucket's logs go: its Region, then its logging configuration. */
export async function locateLogs(clients: AwsClients, accountId: string, bucket: string, homeRegion: string): Promise<LogLocation> {
    const region = normalizeRegion((await clients.s3(accountId, homeRegion).send(new GetBucketLocationCommand({ Bucket: bucket }))).LocationConstraint);
    const enabled = (await clients.s3(accountId, region).send(new GetBucketLoggingCommand({ Bucket: bucket }))).LoggingEnabled;
    const logging = loggingConfigOf(enabled);
    if (!logging) throw new Error(`--bucket ${bucket}: server access logging is off; there are no logs to read.`);
    return { targetBucket: logging.targetBucket, targetPrefix: logging.targetPrefix, keyFormat: logging.keyFormat, source: { bucket, accountId, region } };
}

/** The keys of a range, only of objects written since `modifiedSince` when given. */
async function* keysIn(s3: S3Client, bucket: string, range: KeyRange, modifiedSince?: Date): AsyncGenerator<string> {
    for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket, Prefix: range.prefix, StartAfter: range.startAfter })) {
        for (const o of page.Contents ?? []) if (isLogKey(range, o.Key!) && (!modifiedSince || o.LastModified! >= modifiedSince)) yield o.Key!;
    }
}

/**
 * Downloads the source's log objects that can hold records since `since` into `dir` (file → its
 * `s3://` name): lists only
 * the key ranges the layout allows and fetches up to `concurrency` objects at a time (S3 writes
 * many small log objects, so request latency, not size, is what a serial loop would wait on).
 * The window itself and, under a shared prefix, the bucket are applied by the reader.
 */
export async function downloadLogs(clients: AwsClients, location: LogLocation, since: Date, now: Date, dir: string, concurrency = 16): Promise<Map<string, string>> {
    const s3 = clients.s3(location.source.accountId, location.source.region);
    // A log object holds records up to a few hours older than its key's time stamp.
    const listFrom = new Date(since.getTime() - 3 * 3_600_000);
    const limit = pLimit(concurrency);
    const downloads: Promise<[string, string]>[] = [];
    for (const range of rangesSince(location, listFrom, now)) {
        for await (const key of keysIn(s3, location.targetBucket, range)) {
            const file = path.join(dir, `${downloads.length}-${key.replace(/[^\w.-]+/g, "_").slice(-80)}`);
            downloads.push(limit(async () => {
                const body = (await s3.send(new GetObjectCommand({ Bucket: location.targetBucket, Key: key }))).Body as Readable;
                await pipeline(body, fs.createWriteStream(file));
                return [file, `s3://${location.targetBucket}/${key}`];
            }));
        }
    }
    return new Map(await Promise.all(downloads));
}

/**
 * Whether any log object was written under the source's prefix since `since`: one
 * `ListObjectsV2` with `MaxKeys: 1` per key range, never a listing of the whole prefix.
 * Event-time keys are stamped with the day of their records, not their delivery: in the
 * first day's range (the only one that can hold objects delivered before `since`), the
 * objects' LastModified tells.
 */
export async function logDeliveredSince(clients: AwsClients, location: LogLocation, since: Date, now: Date): Promise<string | null> {
    const s3 = clients.s3(location.source.accountId, location.source.region);
    const ranges = rangesSince(location, since, now);
    const byDelivery = location.keyFormat?.kind === "partitioned" && location.keyFormat.dateSource === "EventTime" ? ranges[0] : undefined;
    for (const range of ranges.reverse()) {
        if (range === byDelivery) {
            for await (const key of keysIn(s3, location.targetBucket, range, since)) return key;
            continue;
        }
        const page = await s3.send(new ListObjectsV2Command({ Bucket: location.targetBucket, Prefix: range.prefix, StartAfter: range.startAfter, MaxKeys: 1 }));
        if (page.Contents?.length) return page.Contents[0].Key!;
    }
    return null;
}

/** A source bucket whose logs to read, and how to reach them. */
export interface BucketSource {
    bucket: string;
    /** The bucket's account; default: the caller's. */
    account?: string;
    clients: AwsClients;
    /** Region of the first bucket-location call. */
    homeRegion: string;
    /** Log objects downloaded at once. */
    concurrency: number;
}

/** A source bucket's logs downloaded into files: file → its `s3://` name. */
export interface FetchedLogs {
    files: Map<string, string>;
    /** The bucket owner's account: `--account`, else the caller's. */
    ownerAccount: string;
    /** Records of other buckets can share the prefix: the reader keeps the source's only. */
    sharedPrefix: boolean;
    /** Where the logs were read from, for people. */
    label: string;
}

/** Finds where the source's logs go and downloads those that can hold records since `since` into a new folder in `workDirectory`. */
export async function fetchBucketLogs(source: BucketSource, since: Date, now: Date, workDirectory: string): Promise<FetchedLogs> {
    const { clients } = source;
    const caller = (await clients.sts().send(new GetCallerIdentityCommand({}))).Account!;
    clients.setCallerAccount(caller);
    const ownerAccount = source.account ?? caller;
    const location = await locateLogs(clients, ownerAccount, source.bucket, source.homeRegion);
    const dir = fs.mkdtempSync(path.join(workDirectory, "objects-"));
    const files = await downloadLogs(clients, location, since, now, dir, source.concurrency);
    const label = `${source.bucket} → s3://${location.targetBucket}/${location.targetPrefix} (${location.keyFormat?.kind ?? "simple"} keys)`;
    return { files, ownerAccount, sharedPrefix: prefixIsShared(location), label };
}
