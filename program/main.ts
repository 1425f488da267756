import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import * as pulumi from "@pulumi/pulumi";
import { applyScope, discoverAccounts, OrgAccount } from "../discovery/accounts";
import { NAMESPACE, readProgramConfig } from "./config";
import { deploy, LogBucketMap } from "./deploy";

/**
 * The program: read config (fails before anything is registered), find the accounts, deploy.
 * The SDK clients use the same Region and profile as the program's default AWS provider.
 */
export async function main(): Promise<{ logBuckets: LogBucketMap; accounts: string[] }> {
    const config = readProgramConfig(new pulumi.Config(NAMESPACE));
    const awsConfig = new pulumi.Config("aws");
    const homeRegion = awsConfig.get("region") ?? process.env.AWS_REGION ?? "us-east-1";
    const profile = awsConfig.get("profile");
    const clientConfig = { region: homeRegion, profile };

    const caller = await new STSClient(clientConfig).send(new GetCallerIdentityCommand({}));
    const callerAccountId = caller.Account!;
    const accounts: OrgAccount[] = config.accounts
        ? applyScope(config.accounts.map((id) => ({ id, name: id, management: id === callerAccountId })), config.scope)
        : await discoverAccounts(new OrganizationsClient(clientConfig), config.scope);
    if (accounts.length === 0) {
        throw new Error(`no ACTIVE account matches the account scope; check ${NAMESPACE}:organizationalUnits, includeAccounts, excludeAccounts and shard.`);
    }
    const logBuckets = deploy(config, { accounts, callerAccountId, homeRegion, profile });
    return { logBuckets, accounts: accounts.map((a) => a.id) };
}
