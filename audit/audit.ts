import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { evaluate, Evaluation } from "../engine";
import { AccountScope, applyScope, discoverAccounts, OrgAccount } from "../discovery/accounts";
import { AwsClients } from "../aws/clients";
import { errorMessage } from "../aws/errors";
import { AuditError, gatherFacts, Gathered, GatherOptions } from "./gather";
import { AuditReport, buildReport } from "./report";
import { verifyDelivery } from "./verifyDelivery";

export interface AuditOptions extends Omit<GatherOptions, "accounts"> {
    /** Audit the organization's accounts (else only the caller's account). */
    organization: boolean;
    scope: AccountScope;
    /** Check that logs arrived within this many milliseconds (`--verify-delivery --max-age`). */
    verifyDeliveryMaxAgeMs?: number;
    /** The time the delivery check counts back from. @default now */
    now?: Date;
}

export interface AuditRun {
    report: AuditReport;
    evaluation: Evaluation;
    gathered: Gathered;
    callerAccountId: string;
}

/** Finds the accounts, gathers facts, judges them with the shared engine. */
export async function runAudit(clients: AwsClients, options: AuditOptions): Promise<AuditRun> {
    const caller = await clients.sts().send(new GetCallerIdentityCommand({}));
    const callerAccountId = caller.Account!;
    clients.setCallerAccount(callerAccountId);
    const errors: AuditError[] = [];
    let accounts: OrgAccount[] = [{ id: callerAccountId, name: callerAccountId, management: false }];
    let otherShards: OrgAccount[] = [];
    if (options.organization) {
        try {
            // A shard still lists the other shards' buckets: who owns a target decides its verdicts.
            const { shard, ...unsharded } = options.scope;
            const all = await discoverAccounts(clients.organizations(), unsharded);
            accounts = applyScope(all, { shard });
            const mine = new Set(accounts);
            otherShards = all.filter((a) => !mine.has(a));
        } catch (e) {
            errors.push({ accountId: callerAccountId, region: null, bucket: null, operation: "ListAccounts", message: errorMessage(e) });
            accounts = [];
        }
    }
    const gathered = await gatherFacts(clients, { ...options, accounts, otherShards });
    gathered.errors.unshift(...errors);
    let evaluation = evaluate(gathered.facts);
    if (options.verifyDeliveryMaxAgeMs !== undefined) {
        gathered.facts = await verifyDelivery(clients, gathered.facts, evaluation, options.verifyDeliveryMaxAgeMs, options, gathered.errors, options.now);
        evaluation = evaluate(gathered.facts);
    }
    const report = buildReport(evaluation, gathered.errors, gathered.accountsAudited.length);
    if (options.organization && options.scope.shard) report.shard = options.scope.shard;
    return { report, evaluation, gathered, callerAccountId };
}
