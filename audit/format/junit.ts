import junitReportBuilder from "junit-report-builder";
import { AuditReport } from "../report";

/** The entries of a list by a key, in their order: one pass, so large organizations stay linear. */
function groupBy<T>(items: T[], key: (x: T) => string): Map<string, T[]> {
    const groups = new Map<string, T[]>();
    for (const x of items) {
        const group = groups.get(key(x));
        if (group) group.push(x);
        else groups.set(key(x), [x]);
    }
    return groups;
}

/**
 * JUnit XML for CI test reports: one suite per account, one test case per bucket; findings are
 * failures, buckets that could not be checked are errors, exempt ones are skipped.
 */
export function formatJunit(report: AuditReport): string {
    const builder = junitReportBuilder.newBuilder();
    const findingsOf = groupBy(report.findings, (f) => f.bucket);
    const unevaluatedOf = groupBy(report.unevaluated, (u) => u.bucket);
    for (const [accountId, buckets] of groupBy(report.buckets, (b) => b.accountId)) {
        const suite = builder.testSuite().name(`s3-access-logging ${accountId}`);
        for (const b of buckets) {
            const test = suite.testCase().className(`${accountId}.${b.region}`).name(b.bucket);
            const findings = findingsOf.get(b.bucket) ?? [];
            const unevaluated = (unevaluatedOf.get(b.bucket) ?? []).map((u) => `[${u.ruleId}] could not evaluate: ${u.reason}`);
            // A failure names the checks that could not run as well: they are not passes.
            if (findings.length > 0) test.failure([...findings.map((f) => `[${f.ruleId}] ${f.message}`), ...unevaluated].join("\n"), findings[0].ruleId);
            else if (b.status === "error") test.error(unevaluated.join("\n") || "could not evaluate", "could-not-evaluate");
            else if (b.status === "exempt") test.skipped();
        }
    }
    if (report.errors.length > 0) {
        const suite = builder.testSuite().name("s3-access-logging errors");
        report.errors.forEach((e, i) => suite.testCase().className("errors").name(`${e.operation} ${e.bucket ?? e.accountId ?? i}`).error(e.message, e.operation));
    }
    return builder.build();
}
