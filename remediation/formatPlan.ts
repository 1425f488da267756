import { Plan } from "./plan";

/** The plan for people: per bucket, current → desired, and why. */
export function formatPlan(plan: Plan, applying: boolean): string {
    const lines = [applying ? "Remediation plan (applying):" : "Remediation plan (dry run; --apply to carry it out):"];
    if (plan.actions.length === 0) lines.push("  nothing to change");
    for (const a of plan.actions) {
        if (a.kind === "create-log-bucket") lines.push(`  create log bucket ${a.bucket} in ${a.accountId} ${a.region} (hardened; delivery under ${a.prefix})`);
        else if (a.kind === "grant-delivery") lines.push(`  grant log delivery on ${a.bucket} under ${a.prefix} (merged into its policy): ${a.reason}`);
        else {
            const from = a.from?.TargetBucket ? `${a.from.TargetBucket}/${a.from.TargetPrefix ?? ""}` : "off";
            lines.push(`  ${a.bucket}: logging ${from} → ${a.to.TargetBucket}/${a.to.TargetPrefix} (${a.reason})`);
            // S3 will not accept the old configuration again, so rollback cannot bring it back.
            if (/target-missing|target-other-region|target-other-account/.test(a.reason)) lines.push(`    note: rollback cannot restore ${from}: S3 refuses a missing, other-Region or other-account target`);
        }
    }
    if (plan.unfixable.length > 0) {
        lines.push("Not fixed:");
        for (const u of plan.unfixable) lines.push(`  ${u.bucket} [${u.ruleId}]: ${u.reason}`);
    }
    return lines.join("\n") + "\n";
}
