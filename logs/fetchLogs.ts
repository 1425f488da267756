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
import { isEventTime, isLogKey, KeyRange, LogLocation, prefixIsShared, rangeSince } from "./layout";

/** Finds where a bucket's logs go: its Region, then its logging configuration. */
export async function locateLogs(clients: AwsClients, accountId: string, bucket: string, homeRegion: string): Promise<LogLocation> {
    const region = normalizeRegion((await clients.s3(accountId, homeRegion).send(new GetBucketLocationCommand({ Bucket: bucket }))).LocationConstraint);
    const enabled = (await clients.s3(accountId, region).send(new GetBucketLoggingCommand({ Bucket: bucket }))).LoggingEnabled;
    const logging = loggingConfigOf(enabled);
    if (!logging) throw new Error(`--bucket ${bucket}: server access logging is off; there are no logs to read.`);
    return { targetBucket: logging.targetBucket, targetPrefix: logging.targetPrefix, keyFormat: logging.keyFormat, source: { bucket, accountId, region } };
}

/** The log objects' keys of a range, only of objects written since `modifiedSince` when given. */
async function* keysIn(s3: S3Client, bucket: string, range: KeyRange, modifiedSince?: Date): AsyncGenerator<string> {
    for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket, Prefix: range.prefix, StartAfter: range.startAfter })) {
        for (const o of page.Contents ?? []) if (isLogKey(range, o.Key!) && (!modifiedSince || o.LastModified! >= modifiedSince)) yield o.Key!;
    }
}

/** The first log object's key of a range: one short call, unless other objects come first. */
async function firstLogKey(s3: S3Client, bucket: string, range: KeyRange, modifiedSince?: Date): Promise<string | null> {
    if (!modifiedSince) {
        const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: range.prefix, StartAfter: range.startAfter, MaxKeys: 1 }));
        const key = page.Contents?.[0]?.Key;
        if (key === undefined || isLogKey(range, key)) return key ?? null;
    }
    for await (const key of keysIn(s3, bucket, range, modifiedSince)) return key;
    return null;
}

/**
 * Downloads the source's log objects that can hold records since `since` into `dir` (file → its
 * `s3://` name): one listing from there on (see rangeSince), fetching up to `concurrency`
 * objects at a time (S3 writes many small log objects, so request latency, not size, is what a
 * serial loop would wait on). The window itself and, under a shared prefix, the bucket are
 * applied by the reader.
 */
export async function downloadLogs(clients: AwsClients, location: LogLocation, since: Date, dir: string, concurrency = 16): Promise<Map<string, string>> {
    const s3 = clients.s3(location.source.accountId, location.source.region);
    // A log object holds records up to a few hours older than its key's time stamp, unless that is their day.
    const listFrom = isEventTime(location) ? since : new Date(since.getTime() - 3 * 3_600_000);
    const limit = pLimit(concurrency);
    const downloads: Promise<[string, string]>[] = [];
    for await (const key of keysIn(s3, location.targetBucket, rangeSince(location, listFrom))) {
        const file = path.join(dir, `${downloads.length}-${key.replace(/[^\w.-]+/g, "_").slice(-80)}`);
        downloads.push(limit(async () => {
            const body = (await s3.send(new GetObjectCommand({ Bucket: location.targetBucket, Key: key }))).Body as Readable;
            await pipeline(body, fs.createWriteStream(file));
            return [file, `s3://${location.targetBucket}/${key}`];
        }));
    }
    return new Map(await Promise.all(downloads));
}

/**
 * Whether any log object was written under the source's prefix since `since`: one
 * `ListObjectsV2` with `MaxKeys: 1`, never a listing of the whole prefix. Event-time keys carry
 * the day of their records, not of their delivery: an object of a later day arrived since; one
 * of that first day only if its LastModified says so (listed only when no later day has one).
 */
export async function logDeliveredSince(clients: AwsClients, location: LogLocation, since: Date): Promise<string | null> {
    const s3 = clients.s3(location.source.accountId, location.source.region);
    const range = rangeSince(location, since);
    if (!isEventTime(location)) return firstLogKey(s3, location.targetBucket, range);
    // `~` sorts after every character of a log object's name: past the first day's keys.
    const laterDays = { ...range, startAfter: `${range.startAfter}~` };
    return (await firstLogKey(s3, location.targetBucket, laterDays)) ?? firstLogKey(s3, location.targetBucket, range, since);
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
export async function fetchBucketLogs(source: BucketSource, since: Date, workDirectory: string): Promise<FetchedLogs> {
    const { clients } = source;
    const caller = (await clients.sts().send(new GetCallerIdentityCommand({}))).Account!;
    clients.setCallerAccount(caller);
    const ownerAccount = source.account ?? caller;
    const location = await locateLogs(clients, ownerAccount, source.bucket, source.homeRegion);
    const dir = fs.mkdtempSync(path.join(workDirectory, "objects-"));
    const files = await downloadLogs(clients, location, since, dir, source.concurrency);
    const label = `${source.bucket} → s3://${location.targetBucket}/${location.targetPrefix} (${location.keyFormat?.kind ?? "simple"} keys)`;
    return { files, ownerAccount, sharedPrefix: prefixIsShared(location), label };
}
