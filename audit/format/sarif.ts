import { SarifBuilder, SarifResultBuilder, SarifRuleBuilder, SarifRunBuilder } from "node-sarif-builder";
import { bucketArn, RULES, Severity } from "../../engine";
import { AuditReport } from "../report";
import { bucketPath, findingId } from "./findingId";

const LEVEL: Record<Severity, "error" | "warning" | "note"> = { critical: "error", high: "error", medium: "warning", low: "note" };

/** A bucket as a SARIF location: its ARN as the logical location, its place as the physical one. */
function location(x: { accountId: string | null; region: string | null; bucket: string }) {
    return {
        logicalLocations: [{ name: x.bucket, fullyQualifiedName: bucketArn(x.bucket, x.region ?? "us-east-1"), kind: "resource" }],
        // GitHub code scanning shows only results located at a line of a relative path (or file: URI),
        // and drops an s3:// one; the bucket's account/Region/name path stands in for a file.
        physicalLocation: { artifactLocation: { uri: `s3/${bucketPath(x)}` }, region: { startLine: 1 } },
    };
}

/**
 * SARIF 2.1.0 for code-scanning dashboards: one result per finding, located by bucket; checks
 * that could not run and errors are the invocation's notifications, never a silent pass.
 */
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
        result.result.locations = [location(f)];
        // GitHub matches alerts across uploads by these; without them it may open a new alert each run.
        result.result.partialFingerprints = { "findingId/v1": findingId(f) };
        result.result.properties = { accountId: f.accountId, region: f.region, remediation: f.remediation };
        run.addResult(result);
    }
    run.run.invocations = [{
        executionSuccessful: report.unevaluated.length === 0 && report.errors.length === 0,
        toolExecutionNotifications: [
            ...report.unevaluated.map((u) => ({
                level: "warning" as const, associatedRule: { id: u.ruleId }, locations: [location(u)],
                message: { text: `could not evaluate ${u.ruleId} for ${u.bucket}: ${u.reason}` },
            })),
            ...report.errors.map((e) => ({
                level: "error" as const,
                message: { text: `${[e.accountId, e.region, e.bucket].filter(Boolean).join(" ")} ${e.operation}: ${e.message}`.trim() },
            })),
        ],
    }];
    const builder = new SarifBuilder();
    builder.addRun(run);
    return builder.buildSarifJsonString({ indent: true });
}
