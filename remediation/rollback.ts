import {
    DeleteBucketCommand, DeleteObjectsCommand, HeadBucketCommand, ListObjectVersionsCommand, LoggingEnabled, S3Client,
} from "@aws-sdk/client-s3";
import { createHash } from "crypto";
import { AwsClients } from "../aws/clients";
import { errorCode, errorMessage, isNoSuchBucket } from "../aws/errors";
import { listBuckets } from "../aws/inventory";
import { AuditError } from "../audit/gather";
import { describeLogging } from "./formatPlan";
import { Change, Journal, JournalEntry } from "./journal";
import { restoreSetting, sameSetting, SETTINGS, SettingName } from "./settings";

type SettingChange = Extract<Change, { before: unknown }>;
type Creation = Extract<Change, { kind: "create-bucket" }>;

export interface RollbackOptions {
    /** Undo changes someone else has changed since (their change is lost). */
    force?: boolean;
    /** Delete log buckets this run created even when they hold objects (all of them are listed). */
    deleteLogBuckets?: boolean;
}

export interface KeptBucket {
    accountId: string;
    region: string;
    bucket: string;
    /** Object versions and delete markers in it, apart from this run's claim. */
    objects: number;
    /** Buckets whose logging still points at it. */
    targetedBy: string[];
    reason: string;
}

export interface RollbackResult {
    /** Changes the journal says were begun (made, failed or cut off), each creation counted once. */
    total: number;
    /** Changes undone, or found already as before. */
    undone: Change[];
    /** Previous logging configurations S3 refuses to accept again (their target is gone or elsewhere); left as remediated. */
    notRestorable: { bucket: string; before: string; reason: string }[];
    /** Changes someone else changed again since the apply: left alone (unless forced). */
    changedSince: { bucket: string; setting: SettingName; note: string }[];
    /** Buckets this run created that were kept, and why. */
    kept: KeptBucket[];
    /** Buckets this run created that were deleted, with the number of objects deleted with them. */
    deleted: { bucket: string; objects: number }[];
    errors: AuditError[];
}

/** S3 validates a logging configuration on write: one that points at a missing, foreign or far target cannot be put back. */
const REFUSED_TARGET = /^(InvalidTargetBucketForLogging|CrossLocationLoggingProhibit+ed)$/;

/**
 * Puts a setting back to its value before the change, only where it still holds the value the
 * change set: a later change by someone else is kept and reported, unless `force`.
 */
async function undoSetting(s3: S3Client, change: SettingChange, options: RollbackOptions, result: RollbackResult): Promise<void> {
    // A journal of a newer version may record settings this one cannot read or restore (own keys only: not "constructor").
    if (!Object.hasOwn(SETTINGS, change.kind)) {
        throw new Error(`this version of s3-logging does not know changes of kind ${change.kind}; roll them back with the version that wrote the journal`);
    }
    const current = await SETTINGS[change.kind].read(s3, change.bucket);
    if (sameSetting(change.kind, current, change.before)) return void result.undone.push(change);
    if (!sameSetting(change.kind, current, change.after) && !options.force) {
        const now = change.kind === "logging" ? describeLogging(current as LoggingEnabled | null) : "a value this run did not set";
        return void result.changedSince.push({ bucket: change.bucket, setting: change.kind, note: `changed since the apply (now ${now}); left alone, --force restores the value before the apply` });
    }
    try {
        await restoreSetting(s3, change.bucket, change.kind, change.before);
        result.undone.push(change);
    } catch (e) {
        if (change.kind !== "logging" || !REFUSED_TARGET.test(errorCode(e))) throw e;
        result.notRestorable.push({ bucket: change.bucket, before: describeLogging(change.before as LoggingEnabled | null), reason: errorMessage(e) });
    }
}

type Version = { Key: string; VersionId?: string; ETag?: string };

/**
 * Whose claim a bucket holds: the claim's body is the run ID, so its ETag (the MD5 of the body)
 * says whose it is without reading the object.
 */
function claimOf(versions: Version[], claimKey: string, runId: string): "this run" | "another run" | null {
    const etag = versions.find((v) => v.Key === claimKey && v.ETag)?.ETag;
    if (etag === undefined) return null;
    return etag === `"${createHash("md5").update(runId).digest("hex")}"` ? "this run" : "another run";
}

/** Every object version and delete marker in a bucket (one "null" version each when never versioned). */
async function allVersions(s3: S3Client, bucket: string): Promise<Version[]> {
    const versions: Version[] = [];
    let marker: { KeyMarker?: string; VersionIdMarker?: string } = {};
    for (;;) {
        const page = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, ...marker }));
        for (const v of page.Versions ?? []) versions.push({ Key: v.Key!, VersionId: v.VersionId, ETag: v.ETag });
        for (const v of page.DeleteMarkers ?? []) versions.push({ Key: v.Key!, VersionId: v.VersionId });
        if (!page.IsTruncated) return versions;
        marker = { KeyMarker: page.NextKeyMarker, VersionIdMarker: page.NextVersionIdMarker };
    }
}

/**
 * Buckets of an account and Region, by the bucket their logging points at (a target is in its
 * sources' account and Region). The listing is the audit's, paged: no source may be missed.
 */
async function loggingTargets(clients: AwsClients, accountId: string, region: string): Promise<Map<string, string[]>> {
    const s3 = clients.s3(accountId, region);
    const byTarget = new Map<string, string[]>();
    for (const b of (await listBuckets(clients, accountId, region)).filter((b) => b.region === region)) {
        const target = (SETTINGS.logging.canonical(await SETTINGS.logging.read(s3, b.name)) as { bucket: string } | null)?.bucket;
        if (target && target !== b.name) byTarget.set(target, [...(byTarget.get(target) ?? []), b.name]);
    }
    return byTarget;
}

/**
 * Deletes a bucket this run created, only when its claim is this run's, nothing logs to it, and
 * it holds nothing this run did not write — or holds objects and `deleteLogBuckets` asks for
 * them to go (they are counted in the result). Versions and delete markers are deleted by
 * version ID, so no delete marker ever hides an object.
 */
async function undoCreation(s3: S3Client, entry: JournalEntry, runId: string, targets: Map<string, string[]>, options: RollbackOptions, result: RollbackResult): Promise<void> {
    const change = entry.change as Creation;
    try {
        await s3.send(new HeadBucketCommand({ Bucket: change.bucket }));
    } catch (e) {
        if (isNoSuchBucket(e)) return void result.undone.push(change);
        throw e;
    }
    const where = { accountId: change.accountId, region: change.region, bucket: change.bucket };
    const versions = await allVersions(s3, change.bucket);
    const claim = claimOf(versions, change.claimKey, runId);
    const foreign = versions.filter((v) => v.Key !== change.claimKey);
    const targetedBy = targets.get(change.bucket) ?? [];
    // Cut off between create and claim: ours only if the bucket is empty.
    const ours = claim === "this run" || (claim === null && entry.outcome !== "done" && foreign.length === 0);
    const kept = !ours ? (claim === null ? "no claim of this run in it: it may not be ours" : "another run created it")
        : targetedBy.length > 0 ? "buckets still log to it; retarget them first"
        : foreign.length > 0 && !options.deleteLogBuckets ? "it holds objects this run did not write; --delete-log-buckets deletes them with it"
        : undefined;
    if (kept) return void result.kept.push({ ...where, objects: foreign.length, targetedBy, reason: kept });
    // A Deny in its policy (TLS-only, or one added since) could refuse the deletes: the policy is
    // lifted only for the deletion and put back if it fails, so a bucket that stays stays protected.
    const policy = await SETTINGS.policy.read(s3, change.bucket);
    if (policy !== null) await SETTINGS.policy.remove(s3, change.bucket);
    // The claim goes last, on its own: a deletion cut off or failing part-way leaves it, so the
    // next rollback still knows the bucket is this run's and finishes the deletion.
    const claims = versions.filter((v) => v.Key === change.claimKey);
    const batches: Version[][] = [];
    for (let i = 0; i < foreign.length; i += 1000) batches.push(foreign.slice(i, i + 1000));
    if (claims.length > 0) batches.push(claims);
    try {
        for (const part of batches) {
            const batch = part.map(({ Key, VersionId }) => ({ Key, VersionId }));
            const { Errors } = await s3.send(new DeleteObjectsCommand({ Bucket: change.bucket, Delete: { Objects: batch, Quiet: true } }));
            // DeleteObjects answers 200 and lists per-key failures.
            if (Errors?.length) throw new Error(`${Errors.length} objects of ${change.bucket} could not be deleted: ${Errors[0].Key} ${Errors[0].Code}`);
        }
        await s3.send(new DeleteBucketCommand({ Bucket: change.bucket }));
    } catch (e) {
        if (policy !== null) await SETTINGS.policy.write(s3, change.bucket, policy);
        throw e;
    }
    result.deleted.push({ bucket: change.bucket, objects: foreign.length });
    result.undone.push(change);
}

/**
 * Undoes what a journal records, newest first: every change begun (made, failed or cut off by
 * a crash) is checked against the bucket's current state. Settings of buckets the run created
 * go with the bucket, or stay with it when it is kept. Failures are reported; the rest still run.
 */
export async function rollback(clients: AwsClients, journal: Journal, options: RollbackOptions = {}): Promise<RollbackResult> {
    const result: RollbackResult = { total: 0, undone: [], notRestorable: [], changedSince: [], kept: [], deleted: [], errors: [] };
    const begun = journal.entries.filter((e) => e.outcome !== "abandoned").reverse();
    const key = (c: Change) => `${c.accountId}/${c.bucket}`;
    // One creation per bucket: a continued journal may hold a cut-off attempt and the one that made it.
    const byBucket = new Map<string, JournalEntry>();
    for (const e of begun.filter((e) => e.change.kind === "create-bucket")) {
        const seen = byBucket.get(key(e.change));
        if (!seen || (seen.outcome !== "done" && e.outcome === "done")) byBucket.set(key(e.change), e);
    }
    const creations = [...byBucket.values()];
    result.total = begun.filter((e) => e.change.kind !== "create-bucket").length + creations.length;
    const created = new Set(creations.map((e) => key(e.change)));
    const fail = (change: Change, e: unknown) =>
        result.errors.push({ accountId: change.accountId, region: change.region, bucket: change.bucket, operation: `rollback ${change.kind}`, message: errorMessage(e) });

    // A bucket another run created at the same time: its settings are that run's to undo.
    for (const entry of journal.entries.filter((e) => e.change.kind === "create-bucket" && e.outcome === "abandoned")) {
        const { accountId, region, bucket, claimKey } = entry.change as Creation;
        let versions: Version[];
        try {
            versions = await allVersions(clients.s3(accountId, region), bucket);
        } catch (e) {
            // Unknown owner: leave its settings alone rather than undo another run's.
            if (!isNoSuchBucket(e)) {
                created.add(key(entry.change));
                fail(entry.change, e);
            }
            continue;
        }
        if (claimOf(versions, claimKey, journal.runId) !== "another run") continue;
        created.add(key(entry.change));
        const objects = versions.filter((v) => v.Key !== claimKey).length;
        result.kept.push({ accountId, region, bucket, objects, targetedBy: [], reason: "another run created it at the same time; that run's rollback undoes it" });
    }

    for (const { change } of begun) {
        if (change.kind === "create-bucket" || created.has(key(change))) continue;
        await undoSetting(clients.s3(change.accountId, change.region), change, options, result).catch((e) => fail(change, e));
    }
    // Read after the logging changes are undone: what still logs to a created bucket keeps it.
    const targetsByPlace = new Map<string, Promise<Map<string, string[]>>>();
    for (const entry of creations) {
        const { accountId, region } = entry.change;
        const place = `${accountId}/${region}`;
        if (!targetsByPlace.has(place)) targetsByPlace.set(place, loggingTargets(clients, accountId, region));
        await targetsByPlace.get(place)!
            .then((targets) => undoCreation(clients.s3(accountId, region), entry, journal.runId, targets, options, result))
            .catch((e) => fail(entry.change, e));
    }
    // The settings of a bucket that is gone went with it.
    const gone = new Set(creations.filter((e) => result.undone.includes(e.change)).map((e) => key(e.change)));
    for (const e of begun) if (e.change.kind !== "create-bucket" && gone.has(key(e.change))) result.undone.push(e.change);
    return result;
}
