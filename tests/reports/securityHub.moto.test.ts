import { strict as assert } from "assert";
import * as path from "path";
import { AwsSecurityFinding, EnableSecurityHubCommand, GetFindingsCommand, SecurityHubClient } from "@aws-sdk/client-securityhub";
import { runAudit } from "../../audit/audit";
import { findingId } from "../../audit/format/findingId";
import { importToSecurityHub } from "../../audit/securityHub";
import { startFaultProxy } from "../../emulator/faultProxy";
import { AuditReport } from "../../audit/report";
import { MANAGEMENT_ACCOUNT, seedDemoOrganization } from "../../demo/seedOrganization";
import { AUDIT_OPTIONS, cli, clientsFor, useMoto } from "../audit/support";
import { readReport, tempDir } from "./support";

/** Every finding in the hubs of these accounts and Regions, as GetFindings pages them. */
async function hubFindings(endpoint: string, hubs: string[]): Promise<AwsSecurityFinding[]> {
    const clients = clientsFor(endpoint, "security-hub");
    clients.setCallerAccount(MANAGEMENT_ACCOUNT);
    const found: AwsSecurityFinding[] = [];
    for (const hub of hubs) {
        const [account, region] = hub.split("/");
        let NextToken: string | undefined;
        do {
            const page = await clients.securityHub(account, region).send(new GetFindingsCommand({ NextToken, MaxResults: 100 }));
            found.push(...(page.Findings ?? []));
            NextToken = page.NextToken;
        } while (NextToken);
    }
    return found;
}

const hubsOf = (report: AuditReport) => [...new Set(report.buckets.map((b) => `${b.accountId}/${b.region}`))];
const expectedIds = (report: AuditReport) => [...report.findings, ...report.unevaluated].map(findingId).sort();
const activeIds = (found: AwsSecurityFinding[]) => found.filter((f) => f.RecordState === "ACTIVE").map((f) => f.Id!).sort();

describe("audit --security-hub (moto)", function () {
    this.timeout(120_000);
    const { moto } = useMoto();

    async function enableHubs(hubs: string[]) {
        const clients = clientsFor(moto().endpoint, "security-hub");
        clients.setCallerAccount(MANAGEMENT_ACCOUNT);
        // The test enables Security Hub as an administrator would; the tool only imports and reads.
        for (const hub of hubs) {
            const [account, region] = hub.split("/");
            await new SecurityHubClient({ endpoint: moto().endpoint, region, credentials: clients.credentials(account) }).send(new EnableSecurityHubCommand({}));
        }
    }

    it("imports exactly the audit's findings with stable IDs; after remediation none stays active for fixed buckets", async () => {
        await seedDemoOrganization(moto().endpoint);
        const dir = tempDir("hub");
        const first = path.join(dir, "first.json");
        await cli(moto().endpoint, ["audit", "--format", "json", "--output", first]);
        await enableHubs(hubsOf(readReport(first)));
        const run1 = await cli(moto().endpoint, ["audit", "--security-hub", "--format", "json", "--output", first]);
        assert.equal(run1.code, 1, run1.err);
        const before = readReport(first);
        assert.match(run1.err, new RegExp(`Security Hub: ${before.findings.length} findings imported, 0 resolved`));
        let found = await hubFindings(moto().endpoint, hubsOf(before));
        assert.deepEqual(activeIds(found), expectedIds(before));
        const sample = found.find((f) => f.Id === findingId(before.findings[0]))!;
        assert.equal(sample.AwsAccountId, before.findings[0].accountId);
        assert.equal(sample.Region, before.findings[0].region);
        assert.equal(sample.Compliance?.Status, "FAILED");
        assert.equal(sample.ProductArn, `arn:aws:securityhub:${sample.Region}:${sample.AwsAccountId}:product/${sample.AwsAccountId}/default`);

        // The same audit again updates the same findings: no duplicates.
        assert.equal((await cli(moto().endpoint, ["audit", "--security-hub", "--format", "json", "--output", first])).code, 1);
        found = await hubFindings(moto().endpoint, hubsOf(before));
        assert.equal(found.length, expectedIds(before).length);

        assert.equal((await cli(moto().endpoint, ["remediate", "--apply", "--journal", path.join(dir, "journal.json")])).code, 0);
        const second = path.join(dir, "second.json");
        const run2 = await cli(moto().endpoint, ["audit", "--security-hub", "--format", "json", "--output", second]);
        const after = readReport(second);
        const fixed = before.findings.filter((f) => !after.findings.some((a) => findingId(a) === findingId(f)));
        assert.ok(fixed.length > 5, "remediation fixed buckets");
        assert.match(run2.err, new RegExp(`Security Hub: ${after.findings.length} findings imported, ${fixed.length} resolved`));
        found = await hubFindings(moto().endpoint, hubsOf(after));
        assert.deepEqual(activeIds(found), expectedIds(after));
        for (const f of fixed) {
            const archived = found.filter((x) => x.Id === findingId(f));
            assert.equal(archived.length, 1, `${findingId(f)} once`);
            assert.equal(archived[0].RecordState, "ARCHIVED");
            assert.equal(archived[0].Compliance?.Status, "PASSED");
        }
    });

    it("findings Security Hub refuses are reported each with its ID and reason, and not counted as imported", async () => {
        await seedDemoOrganization(moto().endpoint);
        const { report } = await runAudit(clientsFor(moto().endpoint, "audit"), AUDIT_OPTIONS);
        const hubs = hubsOf(report);
        await enableHubs(hubs);
        const refused = expectedIds(report)[0];
        const proxy = await startFaultProxy(moto().endpoint, {
            refuse: (r) => (r.url === "/findings/import" && r.body.includes(refused)
                // As AWS answers: the batch's other findings imported, the refused one listed.
                ? { status: 200, body: JSON.stringify({ FailedCount: 1, SuccessCount: JSON.parse(r.body).Findings.length - 1, FailedFindings: [{ Id: refused, ErrorCode: "InvalidInput", ErrorMessage: "Finding is too old" }] }) }
                : undefined),
        });
        try {
            const clients = clientsFor(proxy.endpoint, "security-hub");
            clients.setCallerAccount(MANAGEMENT_ACCOUNT);
            const result = await importToSecurityHub(clients, report, { concurrency: 4 });
            assert.deepEqual(result.errors.map((e) => [e.operation, e.message]), [["BatchImportFindings", `${refused}: InvalidInput Finding is too old`]]);
            assert.equal(result.imported, expectedIds(report).length - 1, "every finding but the refused one");
        } finally {
            await proxy.close();
        }
    });

    it("permissions: the import is declared for security-hub only, the audit stays read-only", async () => {
        const hub = JSON.parse((await cli(undefined, ["permissions", "--for", "security-hub"])).out);
        const audit = JSON.parse((await cli(undefined, ["permissions", "--for", "audit"])).out);
        const actions = (p: { Statement: { Action: string[] }[] }) => p.Statement.flatMap((s) => s.Action);
        assert.ok(actions(hub).includes("securityhub:BatchImportFindings") && actions(hub).includes("securityhub:GetFindings"));
        assert.ok(actions(hub).includes("s3:GetBucketLogging"));
        assert.ok(!actions(audit).some((a) => a.startsWith("securityhub:")));
        const clients = clientsFor(moto().endpoint, "audit");
        await assert.rejects(clients.securityHub(MANAGEMENT_ACCOUNT, "us-east-1").send(new GetFindingsCommand({})), /GetFindings is not declared for mode audit/);
    });
});
