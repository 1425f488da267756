import { strict as assert } from "assert";
import { AwsSecurityFinding, BatchImportFindingsCommand, GetFindingsCommand, SecurityHubClient } from "@aws-sdk/client-securityhub";
import { mockClient } from "aws-sdk-client-mock";
import { AwsClients } from "../../aws/clients";
import { asffFindings } from "../../audit/format/asff";
import { AuditReport } from "../../audit/report";
import { importToSecurityHub } from "../../audit/securityHub";

const ACCOUNT = "111111111111";
const REGION = "eu-west-1";

/** This run: `fixed` is compliant now; GetBucketLogging of `denied` failed, so only logging-disabled was tried. */
const REPORT: AuditReport = {
    schemaVersion: 1, generatedAt: "2026-11-21T08:00:00.000Z",
    summary: { accounts: 1, buckets: 2, compliant: 1, nonCompliant: 0, exempt: 0, errors: 0 },
    buckets: [
        { accountId: ACCOUNT, region: REGION, bucket: "fixed", status: "compliant", target: { bucket: "logs", prefix: "" } },
        { accountId: ACCOUNT, region: REGION, bucket: "denied", status: "error", target: null },
    ],
    findings: [],
    unevaluated: [{ ruleId: "logging-disabled", accountId: ACCOUNT, region: REGION, bucket: "denied", reason: "GetBucketLogging: AccessDenied" }],
    errors: [],
};

/** What the previous run imported: a failed finding for each bucket. */
const previous = (bucket: string): AwsSecurityFinding => asffFindings({
    ...REPORT, unevaluated: [],
    findings: [{ ruleId: "target-kms-encrypted", severity: "high", accountId: ACCOUNT, region: REGION, bucket, target: { bucket: "logs", prefix: "" }, message: "KMS", remediation: "AES256" }],
})[0];

describe("Security Hub import (mocked)", () => {
    // Stubs replace every Security Hub client in this process: only while this suite runs.
    let hub: ReturnType<typeof mockClient>;
    before(() => {
        hub = mockClient(SecurityHubClient);
    });
    after(() => hub.restore());
    afterEach(() => hub.reset());
    const clients = { securityHub: (_: string, region: string) => new SecurityHubClient({ region, credentials: { accessKeyId: "x", secretAccessKey: "x" } }) } as unknown as AwsClients;

    it("resolves a fixed bucket's earlier finding, but not one of a bucket whose checks could not run this time", async () => {
        hub.on(GetFindingsCommand).resolves({ Findings: [previous("fixed"), previous("denied")] });
        hub.on(BatchImportFindingsCommand).resolves({ FailedCount: 0, SuccessCount: 0, FailedFindings: [] });
        const result = await importToSecurityHub(clients, REPORT, { concurrency: 1 });
        const sent = hub.commandCalls(BatchImportFindingsCommand).flatMap((c) => c.args[0].input.Findings ?? []);
        const archived = sent.filter((f) => f.RecordState === "ARCHIVED").map((f) => f.Id);
        // Nothing was learnt about denied's target this run: its KMS finding is not "PASSED".
        assert.deepEqual(archived, [previous("fixed").Id]);
        assert.equal(result.resolved, 1);
    });
});
