import { plain } from "./values";
import { kindOf } from "./resourceTypes";

/**
 * What the program asked for, resource by resource, during this preview or update. The engine
 * calls `analyze` with each resource's inputs (after remediation) as it registers, and
 * `analyzeStack` at the end with outputs; the pack process lives for the whole run, so the
 * stack check can read the inputs back. Outputs alone are not enough: optional *computed*
 * outputs of a bucket being created (`logging`, `policy`, `serverSideEncryptionConfiguration`)
 * are unknown at preview, and after a refresh a bucket's `logging` output shows what a separate
 * BucketLogging wrote.
 */
const inputsByUrn = new Map<string, Record<string, any>>();

/** Buckets whose inline logging this pack's remediation added, by URN. */
const remediatedByUrn = new Set<string>();

/** Records the inputs of an S3 resource the pack judges; other resources are not kept. */
export function recordInputs(urn: string, type: string, props: Record<string, any>): void {
    if (kindOf(type) && kindOf(type) !== "provider") inputsByUrn.set(urn, plain(props));
}

export function inputsOf(urn: string): Record<string, any> | undefined {
    return inputsByUrn.get(urn);
}

export function recordRemediation(urn: string): void {
    remediatedByUrn.add(urn);
}

export function wasRemediated(urn: string): boolean {
    return remediatedByUrn.has(urn);
}

/** For tests: a new run. */
export function forgetInputs(): void {
    inputsByUrn.clear();
    remediatedByUrn.clear();
}
