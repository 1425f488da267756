import * as pulumi from "@pulumi/pulumi";
import {
    DescribeOrganizationCommand, ListAccountsCommand, OrganizationsClient,
} from "@aws-sdk/client-organizations";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { AwsStub, mockClient } from "aws-sdk-client-mock";
import { main } from "../../program/main";
import { registered, reset, settle } from "./mocks";

export const MANAGEMENT = "100000000000";
export const MEMBER = "200000000000";
export const SUSPENDED = "300000000000";

// Stubs replace `send` of every client of the class in this process: install them only while needed.
export let org: AwsStub<any, any, any>;
export let sts: AwsStub<any, any, any>;

/**
 * An organization of a management account, an active member and a suspended one, listed over
 * three pages of which the middle one is empty (as Organizations may send).
 */
export function mockOrganization(): void {
    restoreClients();
    org = mockClient(OrganizationsClient);
    sts = mockClient(STSClient);
    sts.on(GetCallerIdentityCommand).resolves({ Account: MANAGEMENT });
    org.on(DescribeOrganizationCommand).resolves({ Organization: { MasterAccountId: MANAGEMENT } });
    org.on(ListAccountsCommand, { NextToken: undefined }).resolves({
        Accounts: [{ Id: MANAGEMENT, Name: "management", Status: "ACTIVE" }], NextToken: "t1",
    });
    org.on(ListAccountsCommand, { NextToken: "t1" }).resolves({ Accounts: [], NextToken: "t2" });
    org.on(ListAccountsCommand, { NextToken: "t2" }).resolves({
        Accounts: [{ Id: MEMBER, Name: "member", Status: "ACTIVE" }, { Id: SUSPENDED, Name: "gone", Status: "SUSPENDED" }],
    });
}

/** Gives the real SDK clients back. */
export function restoreClients(): void {
    org?.restore();
    sts?.restore();
}

/** Sets the stack config the program reads; `extra` keys are full (`aws:profile`), `secrets` lists keys set with --secret. */
export function configure(values: Record<string, unknown>, extra: Record<string, string> = {}, secrets: string[] = []): void {
    const all: Record<string, string> = { "aws:region": "us-east-1", ...extra };
    for (const [k, v] of Object.entries(values)) all[`s3-access-logging:${k}`] = typeof v === "string" ? v : JSON.stringify(v);
    pulumi.runtime.setAllConfig(all, secrets);
}

/** A resource of the program's stack, in the shape a policy pack receives it. */
export interface CapturedResource {
    type: string;
    name: string;
    urn: string;
    props: Record<string, any>;
    provider?: { type: string; name: string; urn: string; props: Record<string, any> };
}

const urnOf = (type: string, name: string) => `urn:pulumi:test::s3-access-logging::${type}::${name}`;

/** Runs the program (index.ts) under mocks and returns its custom resources with their providers. */
export async function captureProgramStack(config: Record<string, unknown>): Promise<CapturedResource[]> {
    reset();
    mockOrganization();
    configure(config);
    try {
        await main();
        await settle();
    } finally {
        restoreClients();
    }
    const custom = registered.filter((r) => r.custom);
    const providers = new Map(custom.filter((r) => r.type.startsWith("pulumi:providers:")).map((p) => [p.name, p]));
    return custom.filter((r) => !r.type.startsWith("pulumi:providers:")).map((r) => {
        // The mock sees a provider reference as "<urn>::<id>"; the provider's name ends the URN.
        const providerName = r.provider?.split("::").slice(-2, -1)[0];
        const p = providerName ? providers.get(providerName) : undefined;
        return {
            type: r.type,
            name: r.name,
            urn: urnOf(r.type, r.name),
            props: r.inputs,
            provider: p && { type: p.type, name: p.name, urn: urnOf(p.type, p.name), props: p.inputs },
        };
    });
}
