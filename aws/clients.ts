import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { S3Client } from "@aws-sdk/client-s3";
import { SecurityHubClient } from "@aws-sdk/client-securityhub";
import { STSClient } from "@aws-sdk/client-sts";
import { fromNodeProviderChain, fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import { memoize } from "@smithy/property-provider";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, Pluggable } from "@smithy/types";
import { partitionOf } from "../engine";
import { describeFailure } from "./errors";
import { isDeclared, Mode } from "./operations";

export interface AwsOptions {
    /** Region for Organizations and STS calls. */
    region: string;
    /** Endpoint override; defaults to the SDK-standard AWS_ENDPOINT_URL(_S3). S3 then uses path-style addressing. */
    endpoint?: string;
    /** Credentials of the identity the tool runs as; defaults to the SDK's provider chain. */
    credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
    /** Attempts per call under the SDK's adaptive retry (throttling, 503 SlowDown). @default 8 */
    maxAttempts?: number;
    roleName: string;
    externalId?: string;
    mode: Mode;
}

/** Calls made, by operation name: for benchmarks and for the idempotence check. */
export class CallCounter {
    readonly counts = new Map<string, number>();

    record(operation: string): void {
        this.counts.set(operation, (this.counts.get(operation) ?? 0) + 1);
    }

    total(filter: (operation: string) => boolean = () => true): number {
        return [...this.counts].filter(([op]) => filter(op)).reduce((sum, [, n]) => sum + n, 0);
    }
}

export class UndeclaredOperationError extends Error {}

/**
 * An SDK plugin that refuses operations the mode does not declare, counts the others, and names
 * the call and the fix when one fails for want of a network or credentials.
 */
function declaredOperations(mode: Mode, counter: CallCounter, endpoint: string | undefined): Pluggable<any, any> {
    return {
        applyToStack(stack) {
            stack.add(
                (next, context) => async (args) => {
                    const operation = String(context.commandName).replace(/Command$/, "");
                    if (!isDeclared(mode, operation)) {
                        throw new UndeclaredOperationError(`${operation} is not declared for mode ${mode} in aws/operations.ts`);
                    }
                    counter.record(operation);
                    try {
                        return await next(args);
                    } catch (e) {
                        throw describeFailure(e, String(context.clientName).replace(/Client$/, ""), operation, endpoint ?? "the AWS endpoint");
                    }
                },
                // The SDK's fromTemporaryCredentials applies its clientPlugins again on every AssumeRole
                // (each refresh) to the same STS client: replace, never duplicate.
                { step: "initialize", name: "declaredOperations", override: true },
            );
        },
    };
}

/**
 * The SDK clients of one run: one credential provider per account (the caller's own, or an
 * assumed role), one S3 client per account and Region, all with adaptive retry and the
 * declared-operation guard.
 */
export class AwsClients {
    readonly counter = new CallCounter();
    private readonly base: AwsCredentialIdentityProvider;
    private readonly endpoint?: string;
    private readonly guard: Pluggable<any, any>;
    private readonly credentialsByAccount = new Map<string, AwsCredentialIdentityProvider>();
    private readonly s3ByKey = new Map<string, S3Client>();
    private readonly securityHubByKey = new Map<string, SecurityHubClient>();
    private callerAccount?: string;

    constructor(private readonly options: AwsOptions) {
        const { credentials } = options;
        this.base = typeof credentials === "function" ? credentials : credentials ? async () => credentials : fromNodeProviderChain();
        this.endpoint = options.endpoint ?? process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL;
        this.guard = declaredOperations(options.mode, this.counter, this.endpoint);
    }

    private common(region: string) {
        return {
            region,
            endpoint: this.endpoint,
            retryMode: "adaptive",
            maxAttempts: this.options.maxAttempts ?? 8,
        };
    }

    /** The caller's account: its own credentials are used there, no role is assumed. */
    setCallerAccount(accountId: string): void {
        this.callerAccount = accountId;
    }

    sts(credentials: AwsCredentialIdentityProvider = this.base): STSClient {
        const client = new STSClient({ ...this.common(this.options.region), credentials });
        client.middlewareStack.use(this.guard);
        return client;
    }

    organizations(): OrganizationsClient {
        const client = new OrganizationsClient({ ...this.common(this.options.region), credentials: this.base });
        client.middlewareStack.use(this.guard);
        return client;
    }

    /**
     * Credentials for an account, memoized and refreshed before expiry. Resolve them once up
     * front (`await clients.credentials(id)()`) so a refused AssumeRole is reported as such.
     */
    credentials(accountId: string): AwsCredentialIdentityProvider {
        if (accountId === this.callerAccount) return this.base;
        let provider = this.credentialsByAccount.get(accountId);
        if (!provider) {
            const assume = fromTemporaryCredentials({
                masterCredentials: this.base,
                params: {
                    RoleArn: `arn:${partitionOf(this.options.region)}:iam::${accountId}:role/${this.options.roleName}`,
                    RoleSessionName: "s3-access-logging",
                    ExternalId: this.options.externalId,
                },
                clientConfig: this.common(this.options.region),
                clientPlugins: [this.guard],
            });
            provider = memoize(assume, (c) => c.expiration !== undefined && c.expiration.getTime() - Date.now() < 300_000, () => true);
            this.credentialsByAccount.set(accountId, provider);
        }
        return provider;
    }

    /** An S3 client acting in `accountId`, talking to `region`'s endpoint. */
    s3(accountId: string, region: string): S3Client {
        return this.regional(this.s3ByKey, accountId, region, (config) => new S3Client({
            ...config,
            forcePathStyle: this.endpoint !== undefined,
            // Answers for buckets in other Regions are followed rather than failed.
            followRegionRedirects: true,
        }));
    }

    /** A Security Hub client acting in `accountId`, in `region` (findings live in the Region of their resource). */
    securityHub(accountId: string, region: string): SecurityHubClient {
        return this.regional(this.securityHubByKey, accountId, region, (config) => new SecurityHubClient(config));
    }

    /** One client per account and Region, made once, with the account's credentials and the guard. */
    private regional<C extends { middlewareStack: { use(p: Pluggable<any, any>): void } }>(
        cache: Map<string, C>, accountId: string, region: string,
        make: (config: ReturnType<AwsClients["common"]> & { credentials: AwsCredentialIdentityProvider }) => C,
    ): C {
        const key = `${accountId}/${region}`;
        let client = cache.get(key);
        if (!client) {
            client = make({ ...this.common(region), credentials: this.credentials(accountId) });
            client.middlewareStack.use(this.guard);
            cache.set(key, client);
        }
        return client;
    }
}
