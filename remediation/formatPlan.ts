import type { Action, Plan } from "./plan";

/** The formats `remediate` writes its plan in. */
export const PLAN_FORMATS = ["table", "json", "markdown"] as const;
export type PlanFormat = (typeof PLAN_FORMATS)[number];

/** A logging configuration as S3 writes it, for people: `target/prefix`, or `off`. */
export const describeLogging = (l: { TargetBucket?: string; TargetPrefix?: string } | null | undefined) => (l?.TargetBucket ? `${l.TargetBucket}/${l.TargetPrefix ?? ""}` : "off");

/** One line per action: what changes, and why. */
function describe(a: Action): { what: string; note?: string } {
    switch (a.kind) {
        case "create-log-bucket":
            return { what: `create log bucket ${a.bucket} in ${a.accountId} ${a.region} (hardened; delivery under ${a.prefix})` };
        case "harden-log-bucket":
            return { what: `complete the hardening of log bucket ${a.bucket}: ${a.missing.join(", ")} (merged into what is there)` };
        case "grant-delivery":
            return { what: `grant log delivery on ${a.bucket} under ${a.prefix} (merged into its policy): ${a.reason}` };
        case "set-logging": {
            const from = describeLogging(a.from);
            // S3 will not accept the old configuration again, so rollback cannot bring it back.
            const note = /target-missing|target-other-region|target-other-account/.test(a.reason)
                ? `rollback cannot restore ${from}: S3 refuses a missing, other-Region or other-account target` : undefined;
            return { what: `${a.bucket}: logging ${from} → ${describeLogging(a.to)} (${a.reason})`, note };
        }
    }
}

function table(plan: Plan, applying: boolean): string {
    const lines = [applying ? "Remediation plan (applying):" : "Remediation plan (dry run; --apply to carry it out):"];
    if (plan.actions.length === 0) lines.push("  nothing to change");
    for (const a of plan.actions) {
        const { what, note } = describe(a);
        lines.push(`  ${what}`);
        if (note) lines.push(`    note: ${note}`);
    }
    if (plan.unfixable.length > 0) {
        lines.push("Not fixed:");
        for (const u of plan.unfixable) lines.push(`  ${u.bucket} [${u.ruleId}]: ${u.reason}`);
    }
    return lines.join("\n") + "\n";
}

function markdown(plan: Plan, applying: boolean): string {
    const cell = (v: string) => v.replace(/\|/g, "\\|");
    const lines = [`# S3 access logging remediation plan${applying ? " (applied)" : " (dry run)"}`, ""];
    if (plan.actions.length === 0) lines.push("Nothing to change.");
    else {
        lines.push("| action | account | region | bucket | change |", "|---|---|---|---|---|");
        for (const a of plan.actions) {
            const { what, note } = describe(a);
            lines.push(`| ${a.kind} | ${a.accountId} | ${a.region} | \`${cell(a.bucket)}\` | ${cell(what)}${note ? ` (note: ${cell(note)})` : ""} |`);
        }
    }
    if (plan.unfixable.length > 0) {
        lines.push("", "## Not fixed", "");
        for (const u of plan.unfixable) lines.push(`- \`${u.bucket}\` (\`${u.ruleId}\`): ${u.reason}`);
    }
    return lines.join("\n") + "\n";
}

/** The plan for people (table, markdown) or programs (json: the actions and what stays unfixed). */
export function formatPlan(plan: Plan, applying: boolean, format: PlanFormat = "table"): string {
    if (format === "json") return JSON.stringify({ applying, actions: plan.actions, unfixable: plan.unfixable }, null, 2) + "\n";
    return format === "markdown" ? markdown(plan, applying) : table(plan, applying);
}
