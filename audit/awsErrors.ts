/** The error code of an SDK error (`NoSuchBucketPolicy`, `AccessDenied`, …). */
export function errorCode(e: unknown): string {
    const err = e as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } };
    return err.Code ?? err.name ?? "Error";
}

export function errorMessage(e: unknown): string {
    const code = errorCode(e);
    const message = (e as Error)?.message;
    return message && message !== code ? `${code}: ${message}` : code;
}

/** 404-style answers that mean "this bucket is gone". */
export function isNoSuchBucket(e: unknown): boolean {
    const code = errorCode(e);
    return code === "NoSuchBucket" || code === "NotFound" || (e as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode === 404 && code !== "NoSuchBucketPolicy";
}
