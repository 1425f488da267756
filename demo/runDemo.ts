import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { logBucketSpec } from "../engine";
import { runAudit } from "../audit/audit";
import { AwsClients } from "../aws/clients";
import { formatTable } from "../audit/format/table";
import { formatHtml } from "../html/auditPage";
import { FLAG_DEFAULTS, parseFlags } from "../cli/options";
import { WRITE_OPERATIONS } from "../aws/operations";
import { AuditReport } from "../audit/report";
import { applyPlan } from "../remediation/apply";
import { formatPlan } from "../remediation/formatPlan";
import { JournalWriter } from "../remediation/journal";
import { planRemediation } from "../remediation/plan";
import { startMoto } from "../emulator/moto";
import { DUMMY_CREDENTIALS, seedDemoOrganization } from "./seedOrganization";

function byRule(report: AuditReport): Map<string, number> {
    const counts = new Map<string, number>();
    for (const f of report.findings) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
    return counts;
}

function comparison(before: AuditReport, after: AuditReport): string {
    const rows: [string, number, number][] = [
        ["compliant", before.summary.compliant, after.summary.compliant],
        ["non-compliant", before.summary.nonCompliant, after.summary.nonCompliant],
        ["exempt", before.summary.exempt, after.summary.exempt],
        ["errors", before.summary.errors, after.summary.errors],
    ];
    const rules = byRule(before);
    const remaining = byRule(after);
    for (const rule of new Set([...rules.keys(), ...remaining.keys()])) rows.push([`  ${rule}`, rules.get(rule) ?? 0, remaining.get(rule) ?? 0]);
    const width = Math.max(...rows.map((r) => r[0].length));
    return [`${"".padEnd(width)}  before  after`, ...rows.map(([label, b, a]) => `${label.padEnd(width)}  ${String(b).padStart(6)}  ${String(a).padStart(5)}`)].join("\n");
}

/**
 * The embedded default: a demo organization on a local moto, audited, remediated and audited
 * again. Leaves no process running.
 */
export async function runDemo(io: { stdout: (text: string) => void; stderr: (text: string) => void }): Promise<number> {
    const started = Date.now();
    io.stderr("starting the local AWS emulator (moto)…\n");
    const moto = await startMoto();
    try {
        const org = await seedDemoOrganization(moto.endpoint);
        io.stdout(`Demo organization on ${moto.endpoint}: management ${org.management}, prod ${org.prod}, dev ${org.dev} (OU workloads), ${org.suspended} suspended; Regions us-east-1, eu-west-1, ap-southeast-2\n\n`);
        const options = parseFlags({ ...FLAG_DEFAULTS, org: true, region: "us-east-1" });
        const clients = () => new AwsClients({ region: "us-east-1", endpoint: moto.endpoint, credentials: DUMMY_CREDENTIALS, roleName: options.roleName, mode: "remediate" });

        io.stdout("== Audit ==\n");
        const before = await runAudit(clients(), options.audit);
        io.stdout(formatTable(before.report));
        const page = path.join(os.tmpdir(), `s3-logging-demo-audit-${process.pid}.html`);
        fs.writeFileSync(page, formatHtml(before.report));
        io.stdout(`\nThe audit as a page (open it in a browser): ${page}\n`);

        io.stdout("\n== Remediation ==\n");
        const plan = planRemediation(before, { naming: options.audit.naming });
        io.stdout(formatPlan(plan, true));
        const journalFile = path.join(os.tmpdir(), `s3-logging-demo-journal-${process.pid}.jsonl`);
        const fixer = clients();
        const result = await applyPlan(fixer, plan, logBucketSpec(), new JournalWriter(journalFile));
        io.stdout(`${result.applied.length} actions applied, ${fixer.counter.total((op) => WRITE_OPERATIONS.has(op))} write calls; journal ${journalFile} (undo: s3-logging rollback --journal FILE)\n`);
        for (const e of result.errors) io.stdout(`  error: ${e.bucket} ${e.operation}: ${e.message}\n`);

        io.stdout("\n== Audit again ==\n");
        const after = await runAudit(clients(), options.audit);
        io.stdout(formatTable(after.report));

        const again = clients();
        const second = await applyPlan(again, planRemediation(await runAudit(again, options.audit), { naming: options.audit.naming }), logBucketSpec(), new JournalWriter());
        io.stdout(`\nRemediating again: ${second.applied.length} actions, ${again.counter.total((op) => WRITE_OPERATIONS.has(op))} write calls (idempotent)\n`);

        io.stdout(`\n== Before / after ==\n${comparison(before.report, after.report)}\n\nfinished in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
        return result.errors.length > 0 ? 2 : 0;
    } finally {
        await moto.stop();
    }
}
