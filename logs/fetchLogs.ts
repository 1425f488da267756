import { GetBucketLocationCommand, GetBucketLoggingCommand, GetObjectCommand, paginateListObjectsV2, S3Client, ListObjectsV2Command } from "@aws-sdk/client-s3";
import pLimit from "p-limit";
import { Readable } from "stream";
import { normalizeRegion } from "../engine";
import { AwsClients } from "../aws/clients";
import { loggingConfigOf } from "../aws/loggingConfig";
import { KeyRange, LogLocation, prefixIsShared, rangesSince } from "./layout";
import { LogRecord, newStats, parseStream, ParseStats } from "./parser";

/** Finds where a bucket's logs go: its Region, then its logging configuration. */
export async function locateLogs(clients: AwsClients, accountId: string, bucket: string, homeRegion: string): Promise<LogLocation> {
    const region = normalizeRegion((await clients.s3(accountId, homeRegion).send(new GetBucketLocationCommand({ Bucket: bucket }))).LocationConstraint);
    const enabled = (await clients.s3(accountId, region).send(new GetBucketLoggingCommand({ Bucket: bucket }))).LoggingEnabled;
    const logging = loggingConfigOf(enabled);
    if (!logging) throw new Error(`--bucket ${bucket}: server access logging is off; there are no logs to read.`);
    return { targetBucket: logging.targetBucket, targetPrefix: logging.targetPrefix, keyFormat: logging.keyFormat, source: { bucket, accountId, region } };
}

async function* keysIn(s3: S3Client, bucket: string, range: KeyRange): AsyncGenerator<string> {
    for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket, Prefix: range.prefix, StartAfter: range.startAfter })) {
        for (const o of page.Contents ?? []) yield o.Key!;
    }
}

/**
 * Reads the source's log records written since `since`: lists only the key ranges the layout
 * allows, downloads and parses up to `concurrency` objects at a time (S3 writes many small log
 * objects, so request latency, not parsing, is what a serial loop would wait on), keeps records
 * of the window (and of the source, when the prefix is shared). Records of different objects
 * may interleave.
 */
export async function readLogs(
    clients: AwsClients, location: LogLocation, since: Date, now: Date, onRecord: (r: LogRecord) => void, concurrency = 16,
): Promise<ParseStats & { objects: number }> {
    const s3 = clients.s3(location.source.accountId, location.source.region);
    const stats = { ...newStats(), objects: 0 };
    const from = since.toISOString();
    const shared = prefixIsShared(location);
    // A log object holds records up to a few hours older than its key's time stamp.
    const listFrom = new Date(since.getTime() - 3 * 3_600_000);
    const limit = pLimit(concurrency);
    const reads: Promise<void>[] = [];
    const keep = (r: LogRecord) => {
        if (r.time >= from && (!shared || r.bucket === location.source.bucket)) onRecord(r);
    };
    for (const range of rangesSince(location, listFrom, now)) {
        for await (const key of keysIn(s3, location.targetBucket, range)) {
            // Each object gets its own line numbers for malformed-line reports.
            reads.push(limit(async () => {
                const body = (await s3.send(new GetObjectCommand({ Bucket: location.targetBucket, Key: key }))).Body as Readable;
                const own = await parseStream(body, keep);
                stats.objects++;
                stats.lines += own.lines;
                stats.records += own.records;
                stats.recovered += own.recovered;
                stats.malformed += own.malformed;
                stats.malformedSamples.push(...own.malformedSamples.map((m) => ({ ...m, reason: `${key}: ${m.reason}` })));
            }));
        }
    }
    await Promise.all(reads);
    stats.malformedSamples.splice(20);
    return stats;
}

/**
 * Whether any log object was written under the source's prefix since `since`: one
 * `ListObjectsV2` with `MaxKeys: 1` per key range, never a listing of the whole prefix.
 */
export async function logDeliveredSince(clients: AwsClients, location: LogLocation, since: Date, now: Date): Promise<string | null> {
    const s3 = clients.s3(location.source.accountId, location.source.region);
    for (const range of rangesSince(location, since, now).reverse()) {
        const page = await s3.send(new ListObjectsV2Command({ Bucket: location.targetBucket, Prefix: range.prefix, StartAfter: range.startAfter, MaxKeys: 1 }));
        if (page.Contents?.length) return page.Contents[0].Key!;
    }
    return null;
}
