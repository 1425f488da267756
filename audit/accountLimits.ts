import pLimit from "p-limit";

/** How many AWS calls may be in flight at once. */
export interface CallLimits {
    /** Over all accounts. */
    concurrency: number;
    /** In one account, to respect its request rates. @default concurrency */
    accountConcurrency?: number;
}

/**
 * A global cap on calls in flight, and one per account: an account waiting for its own slots
 * holds none of the global ones, so one account with many buckets cannot starve the others.
 */
export function accountLimits({ concurrency, accountConcurrency: perAccount = concurrency }: CallLimits): <T>(accountId: string, call: () => Promise<T>) => Promise<T> {
    const all = pLimit(concurrency);
    const byAccount = new Map<string, pLimit.Limit>();
    return (accountId, call) => {
        let limit = byAccount.get(accountId);
        if (!limit) byAccount.set(accountId, (limit = pLimit(perAccount)));
        return limit(() => all(call));
    };
}

/** Buckets ordered account by account in turn, so the global queue serves every account from the start. */
export function roundRobin<T extends { accountId: string }>(items: T[]): T[] {
    const byAccount = new Map<string, T[]>();
    for (const x of items) {
        const queue = byAccount.get(x.accountId) ?? [];
        queue.push(x);
        byAccount.set(x.accountId, queue);
    }
    const queues = [...byAccount.values()];
    const out: T[] = [];
    for (let i = 0; out.length < items.length; i++) for (const q of queues) if (i < q.length) out.push(q[i]);
    return out;
}
