import { LoggingEnabled } from "@aws-sdk/client-s3";
import {
    BucketFacts, deliveryPermission, deliveryPrefix, destinationFor, evaluate, Evaluation, Finding, isUnknown, LoggingConfig,
    logBucketPolicy, mergeDeliveryStatement, NamingConvention, parsePolicy, RuleId, wildcardMatch,
} from "../engine";
import { AuditRun } from "../audit/audit";
import { BucketState } from "../audit/gather";
import { loggingConfigOf } from "../aws/loggingConfig";
import { HardeningGap } from "./inspect";
import { SettingName } from "./settings";

export type Action =
    | { kind: "create-log-bucket"; accountId: string; region: string; bucket: string; prefix: string }
    /** A log bucket of ours (named by the convention) that lacks part of its hardening, e.g. after a crash while it was made. */
    | { kind: "harden-log-bucket"; accountId: string; region: string; bucket: string; prefix: string; missing: SettingName[] }
    | { kind: "grant-delivery"; accountId: string; region: string; bucket: string; prefix: string; reason: string }
    | { kind: "set-logging"; accountId: string; region: string; bucket: string; from: LoggingEnabled | null; to: LoggingEnabled; reason: string };

export interface Plan {
    actions: Action[];
    /** Findings remediation will not fix, and why. */
    unfixable: { bucket: string; ruleId: RuleId; reason: string }[];
}

export interface PlanOptions {
    naming: NamingConvention;
    /** Log buckets of ours found lacking hardening (see `hardeningGaps`). */
    gaps?: HardeningGap[];
}

/** Rules fixed by sending the bucket's logs to its regional log bucket. */
const RETARGET: RuleId[] = ["logging-disabled", "target-is-source", "target-missing", "target-other-region", "target-other-account", "logging-cycle"];

/** Control Tower's guardrails block logging changes on its own buckets. */
const CONTROL_TOWER = "aws-controltower-*";

const UNFIXABLE: Partial<Record<RuleId, (target?: string) => string>> = {
    "target-kms-encrypted": (t) => `${t} uses KMS default encryption; switch it to SSE-S3 or retarget by hand`,
    "target-object-lock-retention": (t) => `${t} has an Object Lock default retention, which a tool cannot safely remove`,
    "target-requester-pays": (t) => `${t} has Requester Pays; turn it off or retarget by hand`,
    "target-grants-unsupported": () => "remove TargetGrants from the logging configuration and grant readers through the target's policy",
    "target-logs-enabled": () => "a log bucket's own logging is never changed; turn it off by hand if the chain is unintended",
};

function sdkLogging(config: LoggingConfig, carried: LoggingEnabled | null | undefined): LoggingEnabled {
    const format = config.keyFormat;
    return {
        ...carried,
        // ACLs are disabled on the log buckets we make: TargetGrants would be rejected there.
        TargetGrants: undefined,
        TargetBucket: config.targetBucket,
        TargetPrefix: config.targetPrefix,
        TargetObjectKeyFormat: format?.kind === "partitioned" ? { PartitionedPrefix: { PartitionDateSource: format.dateSource } } : { SimplePrefix: {} },
    };
}

/** One round: the actions the findings of `evaluation` call for, and what stays unfixed. */
function planRound(evaluation: Evaluation, state: Map<string, BucketState>, naming: NamingConvention, planned: Set<string>): Plan {
    const { graph } = evaluation;
    const plan: Plan = { actions: [], unfixable: [] };
    const byBucket = new Map<string, Finding[]>();
    for (const f of evaluation.findings) byBucket.set(f.bucket, [...(byBucket.get(f.bucket) ?? []), f]);
    const add = (key: string, action: Action) => {
        if (!planned.has(key)) plan.actions.push(action);
        planned.add(key);
    };
    const grant = (target: { bucket: string; accountId: string; region: string }, prefix: string, reason: string) =>
        add(`grant ${target.bucket}/${prefix}`, { kind: "grant-delivery", ...target, prefix, reason });

    for (const [name, findings] of byBucket) {
        const bucket = graph.get(name)!;
        const rules = findings.map((f) => f.ruleId);
        const cannot = (ruleIds: RuleId[], reason: (ruleId: RuleId, target?: string) => string) =>
            ruleIds.forEach((ruleId) => plan.unfixable.push({ bucket: name, ruleId, reason: reason(ruleId, findings.find((f) => f.ruleId === ruleId)?.target?.bucket) }));
        // A bucket that is merely someone's target (a cycle member) is retargeted; designated log buckets never are.
        if (bucket.designatedLogBucket) {
            cannot(rules, () => "a log bucket's own logging is never changed");
            continue;
        }
        if (wildcardMatch(CONTROL_TOWER, name)) {
            cannot(rules, () => "Control Tower guardrails block logging changes on its buckets");
            continue;
        }
        const accountId = String(bucket.accountId);
        const region = String(bucket.region);
        const logging = isUnknown(bucket.logging) ? null : bucket.logging;

        if (rules.some((r) => RETARGET.includes(r))) {
            const keyFormat = logging?.keyFormat ?? naming.keyFormat;
            const config: LoggingConfig = { ...destinationFor(naming, { bucket: name, accountId, region }, keyFormat.kind === "partitioned"), keyFormat };
            const target = graph.get(config.targetBucket);
            if (!target || target.exists === false) {
                add(`create ${config.targetBucket}`, { kind: "create-log-bucket", accountId, region, bucket: config.targetBucket, prefix: deliveryPrefix(naming, accountId, region) });
                if (config.targetPrefix !== deliveryPrefix(naming, accountId, region)) grant({ bucket: config.targetBucket, accountId, region }, config.targetPrefix, `prefix of ${name}`);
            } else {
                const verdict = deliveryPermission({ ...bucket, logging: config }, target, config);
                if (verdict.verdict === "denied" && /denies delivery/.test(verdict.reason)) {
                    cannot(rules, () => `the regional log bucket ${target.name} explicitly denies delivery; fix its policy first`);
                    continue;
                }
                if (verdict.verdict !== "allowed") grant({ bucket: target.name, accountId, region }, config.targetPrefix, `${name} will log there`);
            }
            const from = state.get(name)?.logging ?? null;
            add(`logging ${name}`, { kind: "set-logging", accountId, region, bucket: name, from, to: sdkLogging(config, from), reason: rules.filter((r) => RETARGET.includes(r)).join(", ") });
            // Moving the logs also leaves behind whatever was wrong with the old target.
            continue;
        }
        if (rules.includes("target-denies-delivery") && logging) {
            const target = graph.get(logging.targetBucket)!;
            const verdict = deliveryPermission(bucket, target, logging);
            if (verdict.verdict === "denied" && /denies delivery/.test(verdict.reason)) {
                cannot(["target-denies-delivery"], () => `${verdict.reason}; remove that Deny by hand`);
            } else {
                grant({ bucket: target.name, accountId: String(target.accountId), region: String(target.region) }, logging.targetPrefix, `${name} logs there`);
            }
        }
        cannot(rules.filter((r) => r !== "target-denies-delivery"), (ruleId, t) => UNFIXABLE[ruleId]?.(t) ?? "not fixed automatically");
    }
    return plan;
}

/** The facts as they will be once `actions` are carried out. */
function simulate(facts: BucketFacts[], actions: Action[], state: Map<string, BucketState>): BucketFacts[] {
    const byName = new Map(facts.map((f) => [f.name, { ...f }]));
    for (const a of actions) {
        if (a.kind === "create-log-bucket") {
            byName.set(a.bucket, {
                name: a.bucket, accountId: a.accountId, region: a.region, exists: true, inScope: true, logging: null,
                policy: logBucketPolicy({ bucket: a.bucket, region: a.region, prefix: a.prefix, sourceAccountId: a.accountId }),
                aclGrants: [], ownership: "BucketOwnerEnforced", encryption: { algorithm: "AES256" }, objectLockRetention: false,
                requesterPays: false, tags: {}, designatedLogBucket: true,
            });
        } else if (a.kind === "grant-delivery" || a.kind === "harden-log-bucket") {
            // Completing a log bucket's hardening also grants delivery to its convention prefix.
            const target = byName.get(a.bucket)!;
            const text = state.get(a.bucket)?.policyText ?? (target.policy && !isUnknown(target.policy) ? JSON.stringify(target.policy) : null);
            const merged = mergeDeliveryStatement(text, { bucket: a.bucket, region: a.region, prefix: a.prefix, sourceAccountId: a.accountId });
            byName.set(a.bucket, { ...target, policy: parsePolicy(merged.policy) });
        } else if (a.kind === "set-logging") {
            byName.set(a.bucket, { ...byName.get(a.bucket)!, logging: loggingConfigOf(a.to) });
        }
    }
    return [...byName.values()];
}

/**
 * What remediation would do, computed from an audit run without calling AWS. Plans to a fixed
 * point: a bucket that stops being a target once its sources move must then log itself, so
 * the planned changes are simulated and judged again until nothing more is to be done —
 * which is what makes a second `--apply` a no-op. Never touches designated log buckets,
 * exempt buckets or Control Tower buckets; reports what it cannot fix.
 */
export function planRemediation(run: AuditRun, options: PlanOptions): Plan {
    const planned = new Set<string>();
    const actions: Action[] = (options.gaps ?? []).map((g) => ({
        kind: "harden-log-bucket", ...g, prefix: deliveryPrefix(options.naming, g.accountId, g.region),
    }));
    // Judged as they will be once completed: their hardening grants delivery, no grant of its own.
    let facts = simulate(run.gathered.facts, actions, run.gathered.state);
    let evaluation = actions.length ? evaluate(facts) : run.evaluation;
    for (let round = 0; ; round++) {
        const step = planRound(evaluation, run.gathered.state, options.naming, planned);
        // One by one: spreading a large round (over ~125,000 actions) into push overflows the stack.
        for (const a of step.actions) actions.push(a);
        if (step.actions.length === 0 || round === 4) {
            const order = (a: Action) => ["create-log-bucket", "harden-log-bucket", "grant-delivery", "set-logging"].indexOf(a.kind);
            return { actions: actions.sort((a, b) => order(a) - order(b)), unfixable: step.unfixable };
        }
        facts = simulate(facts, step.actions, run.gathered.state);
        evaluation = evaluate(facts);
    }
}
