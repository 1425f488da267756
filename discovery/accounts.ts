import {
    Account, DescribeOrganizationCommand, OrganizationsClient, paginateListAccounts, paginateListAccountsForParent,
    paginateListOrganizationalUnitsForParent,
} from "@aws-sdk/client-organizations";
import { checkAccountId, InputError } from "../engine";

/** Which of the organization's accounts to cover. */
export interface AccountScope {
    /** Only accounts under these OUs (recursively) or roots. @default the whole organization */
    organizationalUnits?: string[];
    /** Only these accounts. @default all */
    includeAccounts?: string[];
    /** Never these accounts. @default none */
    excludeAccounts?: string[];
    /** Split a large organization across stacks or runs: this one takes shard `index` of `count`. */
    shard?: { index: number; count: number };
}

export interface OrgAccount {
    id: string;
    name: string;
    /** The organization's management account. */
    management: boolean;
    /** The organization's ID: service principals' requests name it as `aws:SourceOrgID`. */
    organizationId?: string;
}

/** Parses `"2/5"` (shard 2 of 5, counted from 1). */
export function parseShard(value: string, field: string): { index: number; count: number } {
    const match = /^(\d+)\/(\d+)$/.exec(value);
    const [index, count] = match ? [Number(match[1]), Number(match[2])] : [0, 0];
    if (!match || count < 1 || index < 1 || index > count) {
        throw new InputError(field, `"${value}" is not a shard; write "N/COUNT" with 1 ≤ N ≤ COUNT, e.g. "1/4".`);
    }
    return { index, count };
}

export function validateScope(scope: AccountScope, fields = { include: "includeAccounts", exclude: "excludeAccounts", ous: "organizationalUnits" }): void {
    scope.includeAccounts?.forEach((id, i) => checkAccountId(id, `${fields.include}[${i}]`));
    scope.excludeAccounts?.forEach((id, i) => checkAccountId(id, `${fields.exclude}[${i}]`));
    scope.organizationalUnits?.forEach((ou, i) => {
        if (!/^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/.test(ou)) {
            throw new InputError(`${fields.ous}[${i}]`, `"${ou}" is not an OU or root ID; write it like ou-ab12-cd34ef56 or r-ab12.`);
        }
    });
}

/** Accounts whose `State` (or older `Status`) is ACTIVE: suspended and closing ones are skipped. */
function isActive(account: Account): boolean {
    const state = (account as { State?: string }).State;
    return (state ?? account.Status) === "ACTIVE";
}

async function accountsUnder(client: OrganizationsClient, parentId: string): Promise<Account[]> {
    const accounts: Account[] = [];
    for await (const page of paginateListAccountsForParent({ client }, { ParentId: parentId })) accounts.push(...(page.Accounts ?? []));
    for await (const page of paginateListOrganizationalUnitsForParent({ client }, { ParentId: parentId })) {
        for (const ou of page.OrganizationalUnits ?? []) accounts.push(...(await accountsUnder(client, ou.Id!)));
    }
    return accounts;
}

/** The stable shard of an account: its number modulo the count. */
export function shardOf(accountId: string, count: number): number {
    return (Number(accountId) % count) + 1;
}

/**
 * The organization's active accounts within `scope`, sorted by ID. The SDK paginator follows
 * `NextToken` through short and empty pages, which Organizations may return mid-listing.
 */
export async function discoverAccounts(client: OrganizationsClient, scope: AccountScope = {}): Promise<OrgAccount[]> {
    const org = await client.send(new DescribeOrganizationCommand({}));
    const managementId = org.Organization?.MasterAccountId;
    const accounts: Account[] = [];
    if (scope.organizationalUnits?.length) {
        for (const ou of scope.organizationalUnits) accounts.push(...(await accountsUnder(client, ou)));
    } else {
        for await (const page of paginateListAccounts({ client }, {})) accounts.push(...(page.Accounts ?? []));
    }
    const active = accounts
        .filter(isActive)
        .map((a) => ({ id: a.Id!, name: a.Name ?? a.Id!, management: a.Id === managementId, organizationId: org.Organization?.Id }));
    return applyScope(active, scope);
}

/** Include, exclude and shard filters; removes duplicates (an account seen under two OUs) and sorts by ID. */
export function applyScope(accounts: OrgAccount[], scope: AccountScope): OrgAccount[] {
    const seen = new Set<string>();
    return accounts
        .filter((a) => !seen.has(a.id) && seen.add(a.id))
        .filter((a) => !scope.includeAccounts?.length || scope.includeAccounts.includes(a.id))
        .filter((a) => !scope.excludeAccounts?.includes(a.id))
        .filter((a) => !scope.shard || shardOf(a.id, scope.shard.count) === scope.shard.index)
        .sort((a, b) => a.id.localeCompare(b.id));
}
