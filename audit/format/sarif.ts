import { SarifBuilder, SarifResultBuilder, SarifRuleBuilder, SarifRunBuilder } from "node-sarif-builder";
import { RULES, Severity } from "../../engine";
import { AuditReport } from "../report";

const LEVEL: Record<Severity, "error" | "warning" | "note"> = { critical: "error", high: "error", medium: "warning", low: "note" };

/** SARIF 2.1.0 for code-scanning dashboards: one result per finding, located by bucket ARN. */
export function formatSarif(report: AuditReport, version: string): string {
    // informationUri must be absolute; the tool has no published home to name yet.
    const run = new SarifRunBuilder().initSimple({ toolDriverName: "s3-logging", toolDriverVersion: version });
    for (const rule of RULES) {
        const builder = new SarifRuleBuilder().initSimple({ ruleId: rule.id, shortDescriptionText: rule.title, fullDescriptionText: rule.description });
        builder.rule.defaultConfiguration = { level: LEVEL[rule.severity] };
        builder.rule.properties = { severity: rule.severity };
        run.addRule(builder);
    }
    for (const f of report.findings) {
        const result = new SarifResultBuilder().initSimple({ ruleId: f.ruleId, level: LEVEL[f.severity], messageText: f.message });
        result.result.locations = [{
            logicalLocations: [{ name: f.bucket, fullyQualifiedName: `arn:aws:s3:::${f.bucket}`, kind: "resource" }],
            physicalLocation: { artifactLocation: { uri: `s3://${f.bucket}` } },
        }];
        result.result.properties = { accountId: f.accountId, region: f.region, remediation: f.remediation };
        run.addResult(result);
    }
    const builder = new SarifBuilder();
    builder.addRun(run);
    return builder.buildSarifJsonString({ indent: true });
}
