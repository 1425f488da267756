import type { AwsSecurityFinding } from "@aws-sdk/client-securityhub";
import { bucketArn, partitionOf, RULES_BY_ID, RuleId, Severity } from "../../engine";
import { AuditReport } from "../report";
import { findingId, Placed } from "./findingId";

const TYPE = "Software and Configuration Checks/AWS Security Best Practices/S3 server access logging";
export const GENERATOR_ID = "s3-logging";

/** The product ARN of a custom integration: the account's own `default` product in that Region. */
export function productArn(region: string, accountId: string): string {
    return `arn:${partitionOf(region)}:securityhub:${region}:${accountId}:product/${accountId}/default`;
}

// ASFF limits Title to 256 and Description to 1024 characters.
const clip = (text: string, max: number) => (text.length > max ? text.slice(0, max - 1) + "…" : text);

/**
 * AWS Security Finding Format: one FAILED finding per rule violation and one NOT_AVAILABLE
 * finding per check that could not run, each with the stable ID account/Region/bucket/rule.
 */
export function asffFindings(report: AuditReport): AwsSecurityFinding[] {
    const time = report.generatedAt;
    const base = (x: Placed) => {
        const region = x.region ?? "us-east-1";
        const accountId = x.accountId ?? "000000000000";
        return {
            SchemaVersion: "2018-10-08",
            Id: findingId(x),
            ProductArn: productArn(region, accountId),
            ProductName: "s3-logging",
            CompanyName: "s3-access-logging",
            GeneratorId: `${GENERATOR_ID}/${x.ruleId}`,
            AwsAccountId: accountId,
            Region: region,
            Types: [TYPE],
            CreatedAt: time,
            UpdatedAt: time,
            Resources: [{ Type: "AwsS3Bucket", Id: bucketArn(x.bucket, region), Partition: partitionOf(region) as "aws", Region: region }],
            RecordState: "ACTIVE" as const,
            ProductFields: { ruleId: x.ruleId },
        };
    };
    return [
        ...report.findings.map((f): AwsSecurityFinding => ({
            ...base(f),
            Severity: { Label: f.severity.toUpperCase() as Uppercase<Severity> },
            Title: clip(`${f.bucket}: ${RULES_BY_ID.get(f.ruleId as RuleId)?.title ?? f.ruleId}`, 256),
            Description: clip(f.message, 1024),
            Remediation: { Recommendation: { Text: clip(f.remediation, 512) } },
            Compliance: { Status: "FAILED" },
        })),
        ...report.unevaluated.map((u): AwsSecurityFinding => ({
            ...base(u),
            Severity: { Label: "INFORMATIONAL" },
            Title: clip(`${u.bucket}: could not evaluate ${u.ruleId}`, 256),
            Description: clip(`The check ${u.ruleId} could not run for bucket ${u.bucket}: ${u.reason}`, 1024),
            Compliance: { Status: "NOT_AVAILABLE" },
        })),
    ];
}

/** `--format asff`: the findings as `BatchImportFindings` takes them. */
export function formatAsff(report: AuditReport): string {
    return JSON.stringify(asffFindings(report), null, 2) + "\n";
}
