import { AuditReport } from "../report";
import { formatJunit } from "./junit";
import { formatMarkdown } from "./markdown";
import { formatSarif } from "./sarif";
import { formatTable } from "./table";
import { Format } from "./formats";

export { FORMATS, Format } from "./formats";

export function formatReport(report: AuditReport, format: Format, version: string): string {
    switch (format) {
        case "json": return JSON.stringify(report, null, 2) + "\n";
        case "markdown": return formatMarkdown(report);
        case "sarif": return formatSarif(report, version) + "\n";
        case "junit": return formatJunit(report);
        default: return formatTable(report);
    }
}
