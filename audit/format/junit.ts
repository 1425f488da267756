import junitReportBuilder from "junit-report-builder";
import { AuditReport } from "../report";

/**
 * JUnit XML for CI test reports: one suite per account, one test case per bucket; findings are
 * failures, buckets that could not be checked are errors, exempt ones are skipped.
 */
export function formatJunit(report: AuditReport): string {
    const builder = junitReportBuilder.newBuilder();
    const accounts = [...new Set(report.buckets.map((b) => b.accountId))];
    for (const accountId of accounts) {
        const suite = builder.testSuite().name(`s3-access-logging ${accountId}`);
        for (const b of report.buckets.filter((x) => x.accountId === accountId)) {
            const test = suite.testCase().className(`${accountId}.${b.region}`).name(b.bucket);
            const findings = report.findings.filter((f) => f.bucket === b.bucket);
            const unevaluated = report.unevaluated.filter((u) => u.bucket === b.bucket);
            if (findings.length > 0) test.failure(findings.map((f) => `[${f.ruleId}] ${f.message}`).join("\n"), findings[0].ruleId);
            else if (b.status === "error") test.error(unevaluated.map((u) => `[${u.ruleId}] ${u.reason}`).join("\n") || "could not evaluate", "could-not-evaluate");
            else if (b.status === "exempt") test.skipped();
        }
    }
    if (report.errors.length > 0) {
        const suite = builder.testSuite().name("s3-access-logging errors");
        report.errors.forEach((e, i) => suite.testCase().className("errors").name(`${e.operation} ${e.bucket ?? e.accountId ?? i}`).error(e.message, e.operation));
    }
    return builder.build();
}
