import { BucketLocationConstraint, CreateBucketCommand, HeadBucketCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { createHash } from "crypto";
import { LogBucketSpec, mergeDeliveryStatement } from "../engine";
import { AwsClients } from "../aws/clients";
import { errorCode, errorMessage, isNoSuchBucket } from "../aws/errors";
import { AuditError } from "../audit/gather";
import { hardened, HARDENING } from "./hardening";
import { JournalWriter } from "./journal";
import { Action, Plan } from "./plan";
import { sameSetting, SettingName, SETTINGS } from "./settings";

export interface ApplyResult {
    applied: Action[];
    errors: AuditError[];
}

/**
 * The object that proves which run created a bucket. It is written with `If-None-Match: *`,
 * so of two runs that both saw the bucket missing and both "created" it (us-east-1 answers
 * success to a create of a bucket you own), exactly one wins the claim and journals the creation.
 */
export const CLAIM_KEY = "s3-logging-remediation/created-by";

type Where = { accountId: string; region: string; bucket: string };

async function bucketExists(s3: S3Client, bucket: string): Promise<boolean> {
    try {
        await s3.send(new HeadBucketCommand({ Bucket: bucket }));
        return true;
    } catch (e) {
        if (isNoSuchBucket(e)) return false;
        // HeadBucket answers 403 without a body for a bucket of another account.
        if ((e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 403) {
            throw new Error(`the bucket name ${bucket} is taken by another account; choose another --name-template`);
        }
        throw e;
    }
}

/**
 * Writes this run's claim on a bucket it created; false when another run's claim is there first.
 * A claim already there may be this run's own, written just before a crash cut off its outcome:
 * its ETag (the MD5 of the body, the run ID) says so.
 */
async function claim(s3: S3Client, bucket: string, runId: string): Promise<boolean> {
    try {
        await s3.send(new PutObjectCommand({ Bucket: bucket, Key: CLAIM_KEY, Body: runId, IfNoneMatch: "*" }));
        return true;
    } catch (e) {
        if (errorCode(e) !== "PreconditionFailed") throw e;
        const there = (await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: CLAIM_KEY, MaxKeys: 1 }))).Contents?.[0];
        return there?.Key === CLAIM_KEY && there.ETag === `"${createHash("md5").update(runId).digest("hex")}"`;
    }
}

/** Ends a creation step by the claim: done when this run's claim is written, abandoned when another run's was first. */
async function settleCreation(s3: S3Client, bucket: string, seq: number, journal: JournalWriter): Promise<void> {
    try {
        if (await claim(s3, bucket, journal.runId)) journal.end(seq, "done");
        else journal.end(seq, "abandoned", "another run created it at the same time");
    } catch (e) {
        journal.end(seq, "failed", errorMessage(e));
        throw e;
    }
}

/**
 * A creation this (continued) journal began but a crash cut off before its claim: finished first.
 * As rollback judges such a creation, the bucket is this run's only if it holds nothing but a
 * claim: one holding objects may have been made by someone else since the crash.
 */
async function finishCutCreation(s3: S3Client, bucket: string, journal: JournalWriter): Promise<void> {
    const unfinished = journal.entries.find((e) => e.change.kind === "create-bucket" && e.change.bucket === bucket && e.outcome === undefined);
    if (!unfinished) return;
    if (!(await bucketExists(s3, bucket))) return journal.end(unfinished.seq, "failed", "cut off before the bucket was created");
    const { Contents } = await s3.send(new ListObjectsV2Command({ Bucket: bucket, MaxKeys: 2 }));
    if (Contents?.some((o) => o.Key !== CLAIM_KEY)) return journal.end(unfinished.seq, "abandoned", "it holds objects: it may have been made by someone else since the crash");
    await settleCreation(s3, bucket, unfinished.seq, journal);
}

/**
 * Creates a bucket only if it is absent, checked right before creating, and journals the
 * creation as ours only when this run's claim on it wins.
 */
async function createIfAbsent(s3: S3Client, where: Where, spec: LogBucketSpec, journal: JournalWriter): Promise<void> {
    if (await bucketExists(s3, where.bucket)) return;
    const seq = journal.begin({ kind: "create-bucket", ...where, claimKey: CLAIM_KEY });
    try {
        await s3.send(new CreateBucketCommand({
            Bucket: where.bucket,
            ObjectOwnership: spec.ownership,
            // us-east-1 takes no location constraint.
            CreateBucketConfiguration: where.region === "us-east-1" ? undefined : { LocationConstraint: where.region as BucketLocationConstraint },
        }));
    } catch (e) {
        if (errorCode(e) === "BucketAlreadyOwnedByYou") return journal.end(seq, "abandoned", "the bucket already existed");
        journal.end(seq, "failed", errorMessage(e));
        throw e;
    }
    await settleCreation(s3, where.bucket, seq, journal);
}

/**
 * Brings one setting to the value `desired` computes from its current value, re-read just
 * before: nothing is written when it is already right (what makes every step re-runnable).
 */
async function ensureSetting(s3: S3Client, where: Where, name: SettingName, desired: (current: unknown) => unknown, journal: JournalWriter): Promise<void> {
    const before = await SETTINGS[name].read(s3, where.bucket);
    const after = desired(before);
    if (after === undefined || sameSetting(name, before, after)) return;
    await journal.step({ kind: name, ...where, before, after }, () => SETTINGS[name].write(s3, where.bucket, after));
}

/** A regional log bucket with every hardening of the Pulumi component, each setting its own step. */
async function ensureLogBucket(s3: S3Client, action: Extract<Action, { kind: "create-log-bucket" | "harden-log-bucket" }>, spec: LogBucketSpec, journal: JournalWriter): Promise<void> {
    const where = { accountId: action.accountId, region: action.region, bucket: action.bucket };
    await finishCutCreation(s3, action.bucket, journal);
    if (action.kind === "create-log-bucket") await createIfAbsent(s3, where, spec, journal);
    const grant = { bucket: action.bucket, region: action.region, prefix: action.prefix, sourceAccountId: action.accountId };
    for (const name of HARDENING) await ensureSetting(s3, where, name, (current) => hardened(name, current, spec, grant), journal);
}

/**
 * Carries out a plan, re-reading each configuration just before changing it: what changed since
 * the audit is left alone and reported. Every change is journaled before it is made and
 * confirmed after; a second run (or a run after a crash) completes what is missing.
 */
export async function applyPlan(clients: AwsClients, plan: Plan, spec: LogBucketSpec, journal: JournalWriter): Promise<ApplyResult> {
    const result: ApplyResult = { applied: [], errors: [] };
    for (const action of plan.actions) {
        const s3 = clients.s3(action.accountId, action.region);
        const where = { accountId: action.accountId, region: action.region, bucket: action.bucket };
        try {
            if (action.kind === "create-log-bucket" || action.kind === "harden-log-bucket") {
                await ensureLogBucket(s3, action, spec, journal);
            } else if (action.kind === "grant-delivery") {
                const grant = { bucket: action.bucket, region: action.region, prefix: action.prefix, sourceAccountId: action.accountId };
                await ensureSetting(s3, where, "policy", (current) => {
                    const merged = mergeDeliveryStatement(current as string | null, grant);
                    return merged.changed ? merged.policy : undefined;
                }, journal);
            } else {
                await ensureSetting(s3, where, "logging", (current) => {
                    if (sameSetting("logging", current, action.to)) return undefined;
                    if (!sameSetting("logging", current, action.from)) throw new Error(`logging of ${action.bucket} changed since the audit; run the audit again`);
                    // PutBucketLogging replaces the whole configuration: `to` carries over what we do not change.
                    return action.to;
                }, journal);
            }
            result.applied.push(action);
        } catch (e) {
            result.errors.push({ ...where, operation: action.kind, message: errorMessage(e) });
        }
    }
    return result;
}
