import { formatHtml } from "../../html/auditPage";
import { AuditReport } from "../report";
import { formatAsff } from "./asff";
import { formatJunit } from "./junit";
import { formatMarkdown } from "./markdown";
import { formatOcsf } from "./ocsf";
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
        case "html": return formatHtml(report);
        case "ocsf": return formatOcsf(report, version);
        case "asff": return formatAsff(report);
        default: return formatTable(report);
    }
}
