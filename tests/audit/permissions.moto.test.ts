import { strict as assert } from "assert";
import { ListRootsCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { EnableSecurityHubCommand, SecurityHubClient } from "@aws-sdk/client-securityhub";
import { PutBucketOwnershipControlsCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import * as fs from "fs";
import { runAudit } from "../../audit/audit";
import { importToSecurityHub } from "../../audit/securityHub";
import { AwsClients } from "../../aws/clients";
import { Mode, MODES, OPERATIONS, permissionsFor } from "../../aws/operations";
import { DUMMY_CREDENTIALS, MANAGEMENT_ACCOUNT, seedDemoOrganization } from "../../demo/seedOrganization";
import { fetchBucketLogs } from "../../logs/fetchLogs";
import { rollback } from "../../remediation/rollback";
import { planOnly, remediate, s3As, seedSmall } from "../remediation/support";
import { tempDir } from "../reports/support";
import { AUDIT_OPTIONS, clientsFor, useMoto } from "./support";

/**
 * Operations a mode's code can send on paths this scene does not take, with where: every other
 * action of a mode's policy must be one its run below sent.
 */
const NOT_EXERCISED: Record<Mode, Record<string, string>> = {
    audit: {},
    "security-hub": {},
    remediate: {
        PutBucketOwnershipControls: "remediation/hardening.ts: an existing log bucket whose ownership is not BucketOwnerEnforced",
    },
    rollback: {
        // remediation/settings.ts via undoSetting: settings journaled on buckets the run did not create (hardened existing log buckets).
        GetBucketTagging: "undoSetting tags", PutBucketTagging: "undoSetting tags", DeleteBucketTagging: "undoSetting tags",
        GetBucketLifecycleConfiguration: "undoSetting lifecycle", PutBucketLifecycleConfiguration: "undoSetting lifecycle", DeleteBucketLifecycle: "undoSetting lifecycle",
        GetPublicAccessBlock: "undoSetting publicAccessBlock", PutPublicAccessBlock: "undoSetting publicAccessBlock", DeletePublicAccessBlock: "undoSetting publicAccessBlock",
        GetBucketEncryption: "undoSetting encryption", PutBucketEncryption: "undoSetting encryption", DeleteBucketEncryption: "undoSetting encryption",
        GetBucketOwnershipControls: "undoSetting ownership", PutBucketOwnershipControls: "undoSetting ownership", DeleteBucketOwnershipControls: "undoSetting ownership",
    },
    logs: {
        AssumeRole: "logs --bucket B --account A, A not the caller's account",
    },
};

const policyActions = (mode: Mode) => permissionsFor(mode, "R").Statement.flatMap((s) => s.Action.map((a) => `${s.Sid} ${a}`));
const SCOPE = { "*": "AccountWide", role: "AssumeMemberRole", bucket: "Buckets", object: "Objects" } as const;
/** The policy statements (Sid and action) an operation needs. */
const needs = (mode: Mode, op: string) => {
    const o = OPERATIONS[mode][op];
    return o ? [o.action ?? []].flat().map((a) => `${SCOPE[o.resource]} ${a}`) : [`${op} is not declared`];
};

describe("permissions: each mode's policy against the operations its run sends (moto)", function () {
    this.timeout(180_000);
    const { moto } = useMoto();
    const sent = Object.fromEntries(MODES.map((m) => [m, new Set<string>()])) as Record<Mode, Set<string>>;
    const record = (mode: Mode, clients: AwsClients) => {
        for (const op of clients.counter.counts.keys()) sent[mode].add(op);
    };

    before(async function () {
        const endpoint = moto().endpoint;
        await seedDemoOrganization(endpoint);
        // A target that keeps ACLs: its grants are read (GetBucketAcl).
        await (await s3As(endpoint, MANAGEMENT_ACCOUNT)).send(new PutBucketOwnershipControlsCommand({
            Bucket: "mgmt-central-logs", OwnershipControls: { Rules: [{ ObjectOwnership: "ObjectWriter" }] },
        }));
        const root = (await new OrganizationsClient({ endpoint, region: "us-east-1", credentials: DUMMY_CREDENTIALS }).send(new ListRootsCommand({}))).Roots![0].Id!;

        const audit = clientsFor(endpoint, "audit");
        const { report } = await runAudit(audit, AUDIT_OPTIONS);
        await runAudit(audit, { ...AUDIT_OPTIONS, scope: { organizationalUnits: [root] } });
        record("audit", audit);

        const hub = clientsFor(endpoint, "security-hub");
        hub.setCallerAccount(MANAGEMENT_ACCOUNT);
        for (const h of new Set(report.buckets.map((b) => `${b.accountId}/${b.region}`))) {
            const [account, region] = h.split("/");
            await new SecurityHubClient({ endpoint, region, credentials: hub.credentials(account) }).send(new EnableSecurityHubCommand({}));
        }
        await runAudit(hub, { ...AUDIT_OPTIONS, scope: { organizationalUnits: [root] } });
        await importToSecurityHub(hub, (await runAudit(hub, AUDIT_OPTIONS)).report, { concurrency: 4 });
        record("security-hub", hub);

        const { clients: fixer, journal, result } = await remediate(endpoint, undefined, { ...AUDIT_OPTIONS, scope: { organizationalUnits: [root] } });
        assert.deepEqual(result.errors, []);
        record("remediate", fixer);
        record("remediate", (await planOnly(endpoint)).clients);
        const back = clientsFor(endpoint, "rollback");
        back.setCallerAccount(MANAGEMENT_ACCOUNT);
        const undone = await rollback(back, { runId: journal.runId, startedAt: "", entries: journal.entries }, { deleteLogBuckets: true });
        assert.deepEqual(undone.errors, []);
        assert.ok(undone.deleted.length > 0 && undone.undone.length > undone.deleted.length);
        record("rollback", back);

        // app-web logs to shared-logs/web/; one log object there.
        await seedSmall(endpoint);
        await (await s3As(endpoint, MANAGEMENT_ACCOUNT)).send(new PutObjectCommand({
            Bucket: "shared-logs", Key: `web/${new Date().toISOString().slice(0, 19).replace(/[T:]/g, "-")}-0123456789ABCDEF`, Body: "x\n",
        }));
        const logs = clientsFor(endpoint, "logs");
        const dir = tempDir("permissions");
        try {
            const fetched = await fetchBucketLogs({ bucket: "app-web", clients: logs, homeRegion: "us-east-1", concurrency: 2 }, new Date(Date.now() - 86_400_000), dir);
            assert.ok(fetched.files.size > 0);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
        record("logs", logs);
    });

    for (const mode of MODES) {
        // That each operation sent is declared for its mode, the clients' guard enforces: an undeclared one throws in `before`.
        it(`${mode}: the printed policy puts each action its run needs in the statement of its resource`, () => {
            assert.ok(sent[mode].size > 0);
            const granted = new Set(policyActions(mode));
            assert.deepEqual([...sent[mode]].flatMap((op) => needs(mode, op)).filter((a) => !granted.has(a)), []);
        });

        it(`${mode}: the policy grants nothing its code does not send`, () => {
            const used = new Set([...sent[mode], ...Object.keys(NOT_EXERCISED[mode])].flatMap((op) => needs(mode, op)));
            assert.deepEqual(policyActions(mode).filter((a) => !used.has(a)), []);
        });
    }

    it("audit is read-only: it sends no operation that writes, and its policy has no Put, Delete or Create", () => {
        assert.deepEqual([...sent.audit].filter((op) => !/^(Get|List|Head|Describe|AssumeRole$)/.test(op)), []);
        assert.deepEqual(policyActions("audit").filter((a) => /:(Put|Delete|Create)/.test(a)), []);
    });
});
