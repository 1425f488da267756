import { named, ofType, registered, reset, settle } from "./mocks";
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import {
    ListAccountsCommand, ListAccountsForParentCommand, ListOrganizationalUnitsForParentCommand,
} from "@aws-sdk/client-organizations";
import { ConfigSource, readProgramConfig } from "../../program/config";
import { main } from "../../program/main";
import { configure, MANAGEMENT, MEMBER, mockOrganization, org, restoreClients, sts } from "./fixtures";

function source(values: Record<string, unknown>): ConfigSource {
    return {
        get: (k) => (values[k] === undefined ? undefined : String(values[k])),
        getObject: <T>(k: string) => values[k] as T | undefined,
    };
}

describe("program config", () => {
    const base = { regions: ["us-east-1", "eu-west-1"] };
    it("applies documented defaults", () => {
        const config = readProgramConfig(source(base));
        assert.equal(config.roleName, "OrganizationAccountAccessRole");
        assert.equal(config.naming.nameTemplate, "s3-access-logs-{accountId}-{region}");
        assert.deepEqual(config.naming.keyFormat, { kind: "partitioned", dateSource: "EventTime" });
        assert.equal(config.expirationDays, 365);
        assert.equal(config.accounts, undefined);
    });
    const invalid: [string, Record<string, unknown>, RegExp][] = [
        ["no Regions", { regions: undefined }, /s3-access-logging:regions: list at least one Region/],
        ["an empty Region list", { regions: [] }, /s3-access-logging:regions: list at least one Region/],
        ["an unknown Region", { regions: ["us-east-1", "mars-1"] }, /s3-access-logging:regions\[1\]: "mars-1" is not an AWS Region/],
        ["a malformed account ID", { accounts: ["12345"] }, /s3-access-logging:accounts\[0\]: "12345" is not an AWS account ID/],
        ["a malformed excluded account", { excludeAccounts: ["abc"] }, /s3-access-logging:excludeAccounts\[0\]/],
        ["a malformed OU", { organizationalUnits: ["engineering"] }, /s3-access-logging:organizationalUnits\[0\]: "engineering" is not an OU/],
        ["a bad shard", { shard: "5/4" }, /s3-access-logging:shard: "5\/4" is not a shard/],
        ["a bad name template", { nameTemplate: "logs-{accountId}" }, /s3-access-logging:nameTemplate "logs-\{accountId\}" must contain \{region\}/],
        ["a bad key format", { keyFormat: "hourly" }, /s3-access-logging:keyFormat "hourly"/],
        ["a bad prefix", { targetPrefix: "{team}/" }, /s3-access-logging:targetPrefix: targetPrefix "\{team\}\/" uses unknown variable/],
        ["zero retention", { expirationDays: 0 }, /s3-access-logging:expirationDays: "0" must be a whole number/],
        ["a source bucket in an undeployed Region", { sourceBuckets: [{ bucket: "b", accountId: MEMBER, region: "us-west-2" }] },
            /s3-access-logging:sourceBuckets\[0\].region: us-west-2 is not in s3-access-logging:regions/],
        ["a non-boolean athena", { athena: "yes" }, /s3-access-logging:athena: must be true or false/],
        ["both accounts and OUs", { accounts: [MEMBER], organizationalUnits: ["ou-ab12-cd34ef56"] }, /set either s3-access-logging:accounts or/],
        ["a transition not before expiry", { transitionDays: 400 },
            /s3-access-logging:transitionDays: 400 must be less than s3-access-logging:expirationDays \(365\)/],
        ["an unknown transition storage class", { transitionDays: 90, transitionStorageClass: "COLD" }, /s3-access-logging:transitionStorageClass: "COLD" is not one of/],
        ["a transition to STANDARD_IA (the default class) before 30 days", { transitionDays: 7 },
            /s3-access-logging:transitionDays: STANDARD_IA takes objects only after 30 days or more/],
        ["athena with simple keys", { athena: true, keyFormat: "simple", targetPrefix: "{bucket}/" },
            /s3-access-logging:athena: the Athena table projects partitions from the partitioned key layout; set s3-access-logging:keyFormat/],
        ["a source bucket listed twice", { sourceBuckets: [{ bucket: "b", accountId: MEMBER, region: "us-east-1" }, { bucket: "b", accountId: MEMBER, region: "eu-west-1" }] },
            /s3-access-logging:sourceBuckets\[1\].bucket: b is already listed at s3-access-logging:sourceBuckets\[0\]/],
    ];
    for (const [what, change, message] of invalid) {
        it(`rejects ${what}, naming the key`, () => assert.throws(() => readProgramConfig(source({ ...base, ...change })), message));
    }
});

describe("program (index.ts) with mocked Organizations and STS", () => {
    beforeEach(() => {
        reset();
        mockOrganization();
    });
    after(restoreClients);

    it("deploys a log bucket per active account and Region, through per-account providers", async () => {
        configure({ regions: ["us-east-1", "eu-west-1"], sourceBuckets: [{ bucket: "assets", accountId: MEMBER, region: "eu-west-1" }] });
        const outputs = await main();
        await settle();

        assert.deepEqual(outputs.accounts, [MANAGEMENT, MEMBER], "the suspended account is skipped after paging past empty pages");
        assert.deepEqual(outputs.logBuckets, {
            [MANAGEMENT]: { "us-east-1": `s3-access-logs-${MANAGEMENT}-us-east-1`, "eu-west-1": `s3-access-logs-${MANAGEMENT}-eu-west-1` },
            [MEMBER]: { "us-east-1": `s3-access-logs-${MEMBER}-us-east-1`, "eu-west-1": `s3-access-logs-${MEMBER}-eu-west-1` },
        });

        const providers = ofType("pulumi:providers:aws");
        assert.deepEqual(providers.map((p) => p.name), [`account-${MANAGEMENT}`, `account-${MEMBER}`]);
        const [mgmt, member] = providers.map((p) => p.inputs);
        // Pulumi passes non-string provider inputs JSON-encoded.
        assert.deepEqual(JSON.parse(mgmt.allowedAccountIds), [MANAGEMENT]);
        assert.equal(mgmt.assumeRoles, undefined, "no role is assumed in the caller's own account");
        assert.deepEqual(JSON.parse(member.assumeRoles), [{
            roleArn: `arn:aws:iam::${MEMBER}:role/OrganizationAccountAccessRole`, sessionName: "s3-access-logging",
        }]);

        const buckets = ofType("aws:s3/bucket:Bucket");
        assert.equal(buckets.length, 4);
        for (const b of buckets) {
            const [, account, region] = /^s3-access-logs-(\d+)-(.+)$/.exec(b.inputs.bucket)!;
            assert.equal(b.inputs.region, region);
            assert.ok(b.provider?.includes(`::account-${account}::`), `${b.inputs.bucket} is made with its own account's provider`);
        }

        const logging = named(`logging-${MEMBER}-assets`);
        assert.equal(logging.inputs.targetBucket, `s3-access-logs-${MEMBER}-eu-west-1`);
        assert.equal(logging.inputs.region, "eu-west-1");
        assert.ok(logging.provider?.includes(`::account-${MEMBER}::`));
    });

    it("scopes to an OU recursively and honours exclusions", async () => {
        org.on(ListAccountsForParentCommand, { ParentId: "ou-ab12-aaaaaaaa" }).resolves({ Accounts: [{ Id: MEMBER, Status: "ACTIVE" }] });
        org.on(ListOrganizationalUnitsForParentCommand, { ParentId: "ou-ab12-aaaaaaaa" }).resolves({ OrganizationalUnits: [{ Id: "ou-ab12-bbbbbbbb" }] });
        org.on(ListAccountsForParentCommand, { ParentId: "ou-ab12-bbbbbbbb" }).resolves({
            Accounts: [{ Id: "400000000000", Status: "ACTIVE" }, { Id: "500000000000", Status: "ACTIVE" }],
        });
        org.on(ListOrganizationalUnitsForParentCommand, { ParentId: "ou-ab12-bbbbbbbb" }).resolves({ OrganizationalUnits: [] });
        configure({ regions: ["us-east-1"], organizationalUnits: ["ou-ab12-aaaaaaaa"], excludeAccounts: ["500000000000"], externalId: "xyz" });
        const outputs = await main();
        await settle();
        assert.deepEqual(outputs.accounts, [MEMBER, "400000000000"]);
        assert.equal(org.commandCalls(ListAccountsCommand).length, 0);
        const roles = ofType("pulumi:providers:aws").map((p) => JSON.parse(pulumi.runtime.unwrapRpcSecret(p.inputs.assumeRoles))[0].externalId);
        assert.deepEqual(roles, ["xyz", "xyz"]);
    });

    it("adds Athena to every log bucket when asked", async () => {
        configure({ regions: ["us-east-1", "eu-west-1"], accounts: [MEMBER], athena: true });
        await main();
        await settle();
        assert.deepEqual(ofType("aws:glue/catalogTable:CatalogTable").map((t) => t.inputs.region), ["us-east-1", "eu-west-1"]);
    });

    it("uses an explicit account list without asking Organizations, and shards it", async () => {
        configure({ regions: ["us-east-1"], accounts: ["100000000001", "100000000002", "100000000003", "100000000004"], shard: "2/2" });
        const outputs = await main();
        assert.deepEqual(outputs.accounts, ["100000000001", "100000000003"]);
        assert.equal(org.commandCalls(ListAccountsCommand).length, 0);
    });

    it("fails on bad config before any resource is registered or AWS is called", async () => {
        configure({ regions: ["us-east-1"], nameTemplate: "Logs-{accountId}-{region}" });
        await assert.rejects(main(), /s3-access-logging:nameTemplate "Logs-\{accountId\}-\{region\}" gives bucket names like/);
        await settle();
        assert.deepEqual(registered, []);
        assert.equal(sts.calls().length + org.calls().length, 0);
    });

    it("fails on a lifecycle the log buckets cannot have before any resource is registered or AWS is called", async () => {
        configure({ regions: ["us-east-1"], transitionDays: 400, transitionStorageClass: "GLACIER" });
        await assert.rejects(main(), /s3-access-logging:transitionDays: 400 must be less than/);
        await settle();
        assert.deepEqual(registered, []);
        assert.equal(sts.calls().length + org.calls().length, 0);
    });

    it("gives the per-account providers the stack's aws:profile, as the SDK clients get it", async () => {
        // An explicit aws.Provider does not read the stack's aws:* config; only the default provider does.
        configure({ regions: ["us-east-1"] }, { "aws:profile": "org-admin" });
        await main();
        await settle();
        assert.deepEqual(ofType("pulumi:providers:aws").map((p) => p.inputs.profile), ["org-admin", "org-admin"]);
    });

    it("keeps a secret externalId secret in the providers' inputs", async () => {
        configure({ regions: ["us-east-1"], accounts: [MEMBER], externalId: "xyz" }, {}, ["s3-access-logging:externalId"]);
        await main();
        await settle();
        // Pulumi.dev.yaml and the README say to set it with --secret; a plain input would store it in the state in clear.
        const { assumeRoles } = ofType("pulumi:providers:aws")[0].inputs;
        assert.ok(pulumi.runtime.isRpcSecret(assumeRoles), `assumeRoles is not secret: ${JSON.stringify(assumeRoles)}`);
        assert.equal(JSON.parse(pulumi.runtime.unwrapRpcSecret(assumeRoles))[0].externalId, "xyz");
    });

    it("fails when a source bucket's account is outside the scope, before registering anything", async () => {
        configure({ regions: ["us-east-1"], sourceBuckets: [{ bucket: "x", accountId: "900000000000", region: "us-east-1" }] });
        await assert.rejects(main(), /sourceBuckets\[0\].accountId: 900000000000 is not among the accounts/);
        await settle();
        assert.deepEqual(registered, []);
    });
});
