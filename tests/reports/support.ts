import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AuditReport } from "../../audit/report";

export function tempDir(name: string): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), `s3-logging-${name}-`));
}

export function readReport(file: string): AuditReport {
    return JSON.parse(fs.readFileSync(file, "utf8"));
}

/** A report without its time stamp, findings in a fixed order: for comparing runs. */
export function comparable(report: AuditReport): Omit<AuditReport, "generatedAt"> {
    const key = (x: { accountId: string | null; region: string | null; bucket: string | null }) => `${x.accountId}/${x.region}/${x.bucket}`;
    const { generatedAt: _, ...rest } = report;
    return {
        ...rest,
        findings: [...report.findings].sort((a, b) => key(a).localeCompare(key(b)) || a.ruleId.localeCompare(b.ruleId)),
        unevaluated: [...report.unevaluated].sort((a, b) => key(a).localeCompare(key(b)) || a.ruleId.localeCompare(b.ruleId)),
    };
}
