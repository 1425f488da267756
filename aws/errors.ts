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

/** What S3 answers when a bucket's configuration read finds the setting not set (no error: the setting's default). */
export const NOT_SET = {
    policy: "NoSuchBucketPolicy",
    ownership: "OwnershipControlsNotFoundError",
    encryption: "ServerSideEncryptionConfigurationNotFoundError",
    objectLock: "ObjectLockConfigurationNotFoundError",
    tags: "NoSuchTagSet",
    lifecycle: "NoSuchLifecycleConfiguration",
    publicAccessBlock: "NoSuchPublicAccessBlockConfiguration",
} as const;

/** 404-style answers that mean "this bucket is gone". */
export function isNoSuchBucket(e: unknown): boolean {
    const code = errorCode(e);
    return code === "NoSuchBucket" || code === "NotFound" || (e as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode === 404 && code !== "NoSuchBucketPolicy";
}

const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EPIPE", "TimeoutError"]);

/** A call that never got an answer from AWS (or the endpoint standing in for it). */
export class AwsUnreachableError extends Error {
    constructor(service: string, operation: string, endpoint: string, cause: unknown) {
        const how = (cause as Error)?.message || errorCode(cause);
        super(`could not reach ${endpoint} for ${service} ${operation} (${how}); check the network, AWS_ENDPOINT_URL` +
            `${process.env.AWS_ENDPOINT_URL ? ` (now ${process.env.AWS_ENDPOINT_URL})` : ""}, and --region.`);
        this.name = "AwsUnreachableError";
    }
}

/** No credentials anywhere in the SDK's chain, or none that AWS accepts. */
export class AwsCredentialsError extends Error {
    constructor(service: string, operation: string, cause: unknown) {
        super(`no usable AWS credentials for ${service} ${operation} (${errorMessage(cause)}); set AWS_PROFILE or ` +
            "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run where a role provides them.");
        this.name = "AwsCredentialsError";
    }
}

/** Turns a socket-level or credential failure into an error that names the call and the fix. */
export function describeFailure(e: unknown, service: string, operation: string, endpoint: string): unknown {
    const err = e as { code?: string; name?: string; address?: string; port?: number; hostname?: string };
    if (NETWORK_CODES.has(err?.code ?? "") || NETWORK_CODES.has(err?.name ?? "")) {
        const where = err.address ? `${err.address}:${err.port}` : err.hostname ?? endpoint;
        return new AwsUnreachableError(service, operation, where, e);
    }
    if (err?.name === "CredentialsProviderError" || err?.name === "InvalidClientTokenId" || err?.name === "UnrecognizedClientException") {
        return new AwsCredentialsError(service, operation, e);
    }
    return e;
}
