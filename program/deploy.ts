import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { InputError, partitionOf } from "../engine";
import { AccountLogBuckets, BucketAccessLogging } from "../components";
import { OrgAccount } from "../discovery/accounts";
import { NAMESPACE, ProgramConfig } from "./config";

export interface DeployContext {
    accounts: OrgAccount[];
    /** The account the program's own credentials belong to: no role is assumed for it. */
    callerAccountId: string;
    /** The Region of the program's default provider, used for the providers' API calls. */
    homeRegion: string;
    /** The stack's `aws:profile`: an explicit provider does not read the stack's `aws:` config by itself. */
    profile?: string;
}

/** Account ID → Region → log bucket name. */
export type LogBucketMap = Record<string, Record<string, string>>;

/** A provider that acts in one account, and refuses to act in any other. */
export function accountProvider(config: ProgramConfig, account: OrgAccount, context: DeployContext): aws.Provider {
    const own = account.id === context.callerAccountId;
    return new aws.Provider(`account-${account.id}`, {
        region: context.homeRegion as aws.Region,
        profile: context.profile,
        allowedAccountIds: [account.id],
        assumeRoles: own ? undefined : [{
            roleArn: `arn:${partitionOf(context.homeRegion)}:iam::${account.id}:role/${config.roleName}`,
            sessionName: "s3-access-logging",
            // Config read with `get` loses its secrecy: without this, the ID is stored in the state in clear.
            externalId: config.externalId === undefined ? undefined : pulumi.secret(config.externalId),
        }],
    });
}

/** Deploys the log buckets of every account and wires the configured source buckets. */
export function deploy(config: ProgramConfig, context: DeployContext): LogBucketMap {
    const known = new Set(context.accounts.map((a) => a.id));
    config.sourceBuckets.forEach((s, i) => {
        if (!known.has(s.accountId)) {
            throw new InputError(`${NAMESPACE}:sourceBuckets[${i}].accountId`, `${s.accountId} is not among the accounts this stack covers; check the account scope.`);
        }
    });

    const map: LogBucketMap = {};
    const perAccount = new Map<string, { buckets: AccountLogBuckets; provider: aws.Provider }>();
    for (const account of context.accounts) {
        const provider = accountProvider(config, account, context);
        const buckets = new AccountLogBuckets(`logs-${account.id}`, {
            accountId: account.id,
            regions: config.regions,
            naming: config.naming,
            expirationDays: config.expirationDays,
            transition: config.transition,
            tags: config.tags,
            athena: config.athena,
        }, { providers: [provider] });
        perAccount.set(account.id, { buckets, provider });
        map[account.id] = buckets.bucketNames;
    }
    for (const source of config.sourceBuckets) {
        const { buckets, provider } = perAccount.get(source.accountId)!;
        new BucketAccessLogging(`logging-${source.accountId}-${source.bucket}`, {
            source: source.bucket,
            region: source.region,
            accountId: source.accountId,
            logBucket: buckets.buckets[source.region],
            naming: config.naming,
        }, { providers: [provider] });
    }
    return map;
}
