import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { run } from "../../cli/main";
import { Mode, permissionsFor } from "../../aws/operations";
import { JournalWriter, readJournal } from "../../remediation/journal";
import { seedDemoOrganization } from "../../demo/seedOrganization";
import { capture, useMoto } from "../audit/support";

/** Nothing listens here: a command that called AWS would fail with a different message. */
const NO_AWS = "http://127.0.0.1:9";

describe("remediate and rollback CLI", function () {
    this.timeout(60_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "s3-logging-remediation-cli-"));
    const file = (name: string, text: string) => {
        const f = path.join(dir, name);
        fs.writeFileSync(f, text);
        return f;
    };

    describe("journal", () => {
        it("is read up to its last complete record when cut at any byte", () => {
            const f = path.join(dir, "whole.jsonl");
            const writer = new JournalWriter(f);
            const where = { accountId: "111111111111", region: "us-east-1", bucket: "b" };
            writer.end(writer.begin({ kind: "create-bucket", ...where, claimKey: "k" }), "done");
            writer.end(writer.begin({ kind: "policy", ...where, before: null, after: "{\"Statement\":[\"é\"]}" }), "done");
            writer.begin({ kind: "logging", ...where, before: null, after: { TargetBucket: "t", TargetPrefix: "p/" } });
            writer.close();
            const bytes = fs.readFileSync(f);
            let seen = 0;
            for (let cut = 0; cut <= bytes.length; cut++) {
                const cutFile = path.join(dir, "cut.jsonl");
                fs.writeFileSync(cutFile, bytes.subarray(0, cut));
                const journal = readJournal(cutFile);
                assert.ok(journal.entries.length >= seen, `cut at ${cut}`);
                seen = journal.entries.length;
            }
            const whole = readJournal(f);
            assert.deepEqual(whole.entries.map((e) => [e.change.kind, e.outcome]), [["create-bucket", "done"], ["policy", "done"], ["logging", undefined]]);
        });

        it("continues an existing journal after cutting a partial last record", () => {
            const f = path.join(dir, "resume.jsonl");
            const first = new JournalWriter(f);
            first.begin({ kind: "policy", accountId: "111111111111", region: "us-east-1", bucket: "b", before: null, after: `{"Sid":"Zugriff für Prüfer ✓"}` });
            first.close();
            fs.appendFileSync(f, `{"seq":1,"outc`);
            const second = new JournalWriter(f);
            second.end(1, "done");
            second.close();
            const journal = readJournal(f);
            assert.equal(journal.runId, first.runId);
            assert.deepEqual(journal.entries.map((e) => [e.seq, e.outcome, (e.change as { after: string }).after]), [[1, "done", `{"Sid":"Zugriff für Prüfer ✓"}`]]);
        });
        it("continues a journal of 200,000 changes (a large organization, run again after crashes)", () => {
            const f = path.join(dir, "huge.jsonl");
            const where = { accountId: "111111111111", region: "us-east-1", bucket: "b" };
            const lines = [`{"journal":"s3-logging-remediation","schemaVersion":2,"runId":"r","startedAt":"s"}`];
            for (let seq = 1; seq <= 200_000; seq++) lines.push(JSON.stringify({ seq, at: "t", intent: { kind: "tagging", ...where, before: null, after: [] } }));
            fs.writeFileSync(f, lines.join("\n") + "\n");
            const writer = new JournalWriter(f);
            try {
                assert.equal(writer.begin({ kind: "tagging", ...where, before: null, after: [] }), 200_001);
            } finally {
                writer.close();
            }
            assert.equal(readJournal(f).entries.length, 200_001);
        });
    });

    describe("journal lock", () => {
        it("refuses a journal another live process is writing; takes over the lock of a killed one", () => {
            const f = path.join(dir, "locked.jsonl");
            fs.writeFileSync(`${f}.lock`, String(process.ppid));
            assert.throws(() => new JournalWriter(f), new RegExp(`--journal: ${f} is being written by another remediate --apply \\(process ${process.ppid}\\)`));
            const gone = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]).stdout.toString();
            fs.writeFileSync(`${f}.lock`, gone);
            const writer = new JournalWriter(f);
            assert.equal(fs.readFileSync(`${f}.lock`, "utf8"), String(process.pid));
            writer.close();
            assert.equal(fs.existsSync(`${f}.lock`), false);
        });
    });

    describe("bad input: one message naming the file and the fix, exit 2, no stack, before any AWS call", () => {
        const cases: [string, string][] = [["null", "null\n"], ["garbage", "garbage\nmore"], ["not-a-journal", "{\"schemaVersion\":1,\"changes\":{}}\n"], ["array", "[1,2]"]];
        for (const [name, text] of cases) {
            it(`rollback --journal holding ${name}`, async () => {
                const f = file(`${name}.jsonl`, text);
                const { err, io } = capture(NO_AWS);
                assert.equal(await run(["rollback", "--journal", f], io), 2);
                assert.equal(err.length, 1);
                assert.match(err[0], new RegExp(`^error: --journal: ${f} is not a remediation journal \\(.*\\); give the file remediate --apply wrote`));
                assert.doesNotMatch(err[0], /\n\s+at /);
            });
        }
        it("rollback --journal written by the earlier whole-file format", async () => {
            const f = file("v1.json", `{\n  "schemaVersion": 1,\n  "startedAt": "2026-01-01T00:00:00.000Z",\n  "changes": []\n}\n`);
            const { err, io } = capture(NO_AWS);
            assert.equal(await run(["rollback", "--journal", f], io), 2);
            assert.match(err.join(""), /is a schemaVersion 1 journal, written by an earlier version of s3-logging; roll it back with that version/);
        });
        it("rollback --journal that does not exist", async () => {
            const { err, io } = capture(NO_AWS);
            assert.equal(await run(["rollback", "--journal", "/nonexistent/journal.jsonl"], io), 2);
            assert.match(err.join(""), /--journal: \/nonexistent\/journal.jsonl: cannot read it as a journal \(ENOENT\); check the path/);
        });
        it("remediate --output in a missing folder", async () => {
            const { err, io } = capture(NO_AWS);
            assert.equal(await run(["remediate", "--output", "/nonexistent/plan.json"], io), 2);
            assert.match(err.join(""), /--output: cannot write \/nonexistent\/plan.json: folder \/nonexistent does not exist/);
        });
        it("remediate --apply --journal in a missing folder", async () => {
            const { err, io } = capture(NO_AWS);
            assert.equal(await run(["remediate", "--apply", "--journal", "/nonexistent/j.jsonl"], io), 2);
            assert.match(err.join(""), /--journal: cannot write \/nonexistent\/j.jsonl: folder \/nonexistent does not exist/);
        });
        it("remediate --apply --journal naming a file that is not a journal", async () => {
            const f = file("notes.txt", "my notes\n");
            const { err, io } = capture(NO_AWS);
            assert.equal(await run(["remediate", "--apply", "--journal", f], io), 2);
            assert.match(err.join(""), /is not a remediation journal/);
            assert.equal(fs.readFileSync(f, "utf8"), "my notes\n", "left untouched");
        });
        it("remediate --apply on a journal another apply is writing", async () => {
            const f = path.join(dir, "busy.jsonl");
            fs.writeFileSync(`${f}.lock`, String(process.ppid));
            const { err, io } = capture(NO_AWS);
            assert.equal(await run(["remediate", "--apply", "--journal", f], io), 2);
            assert.match(err.join(""), /is being written by another remediate --apply .*; wait for it to finish, or choose another --journal/);
        });
        it("rollback on a journal an apply is still writing", async () => {
            const f = path.join(dir, "being-written.jsonl");
            const writer = new JournalWriter(f);
            writer.begin({ kind: "tagging", accountId: "111111111111", region: "us-east-1", bucket: "b", before: null, after: [] });
            writer.close();
            // A live apply holds the lock: what it does next is not in the journal yet, so rolling back now would miss it.
            fs.writeFileSync(`${f}.lock`, String(process.ppid));
            const { err, io } = capture(NO_AWS);
            assert.equal(await run(["rollback", "--journal", f], io), 2);
            assert.equal(err.length, 1);
            assert.match(err[0], new RegExp(`^error: --journal: ${f} is being written by a remediate --apply that is still running \\(process ${process.ppid}\\); wait for it to finish, then roll back`));
        });
        it("remediate --format sarif (plans come as table, json or markdown)", async () => {
            const { err, io } = capture(NO_AWS);
            assert.equal(await run(["remediate", "--format", "sarif"], io), 2);
            assert.match(err.join(""), /Allowed choices are table, json, markdown/);
        });
    });

    it("permissions: remediate, rollback and the Security Hub import add exactly the actions their code declares to the audit's; logs needs only its own reads", () => {
        const audit = new Set(permissionsFor("audit", "R").Statement.flatMap((s) => s.Action));
        const added = permissionsFor("remediate", "R").Statement.flatMap((s) => s.Action).filter((a) => !audit.has(a)).sort();
        assert.deepEqual(added, [
            "s3:CreateBucket", "s3:GetBucketPublicAccessBlock", "s3:GetLifecycleConfiguration", "s3:PutBucketLogging", "s3:PutBucketOwnershipControls",
            "s3:PutBucketPolicy", "s3:PutBucketPublicAccessBlock", "s3:PutBucketTagging", "s3:PutEncryptionConfiguration", "s3:PutLifecycleConfiguration",
            "s3:PutObject",
        ]);
        assert.ok(permissionsFor("rollback", "R").Statement.flatMap((s) => s.Action).includes("s3:DeleteObjectVersion"));
        const beyondAudit = (mode: Mode) => permissionsFor(mode, "R").Statement.flatMap((s) => s.Action).filter((a) => !audit.has(a)).sort();
        assert.deepEqual(beyondAudit("rollback"), [
            "s3:DeleteBucket", "s3:DeleteBucketPolicy", "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:GetBucketPublicAccessBlock", "s3:GetLifecycleConfiguration",
            "s3:ListBucketVersions", "s3:PutBucketLogging", "s3:PutBucketOwnershipControls", "s3:PutBucketPolicy", "s3:PutBucketPublicAccessBlock", "s3:PutBucketTagging",
            "s3:PutEncryptionConfiguration", "s3:PutLifecycleConfiguration",
        ]);
        assert.deepEqual(beyondAudit("security-hub"), ["securityhub:BatchImportFindings", "securityhub:GetFindings"]);
        // Reading logs needs none of the audit's organization and configuration reads.
        assert.deepEqual(permissionsFor("logs", "R").Statement.flatMap((s) => s.Action).sort(), [
            "s3:GetBucketLocation", "s3:GetBucketLogging", "s3:GetObject", "s3:ListBucket", "sts:AssumeRole",
        ]);
    });

    describe("against moto", () => {
        const { moto } = useMoto();
        beforeEach(async () => {
            await seedDemoOrganization(moto().endpoint);
        });

        it("remediate --format json|markdown --output FILE writes the plan there", async () => {
            const json = path.join(dir, "plan.json");
            const a = capture(moto().endpoint);
            assert.equal(await run(["remediate", "--format", "json", "--output", json], a.io), 1);
            assert.equal(a.out.join(""), "");
            const plan = JSON.parse(fs.readFileSync(json, "utf8"));
            assert.equal(plan.applying, false);
            assert.ok(plan.actions.some((x: { kind: string }) => x.kind === "create-log-bucket"));
            assert.ok(plan.unfixable.length > 0);
            const md = path.join(dir, "plan.md");
            assert.equal(await run(["remediate", "--format", "markdown", "--output", md], capture(moto().endpoint).io), 1);
            const text = fs.readFileSync(md, "utf8");
            assert.match(text, /^# S3 access logging remediation plan \(dry run\)\n/);
            assert.equal(text.split("\n").filter((l) => l.startsWith("| create-log-bucket |")).length, plan.actions.filter((x: { kind: string }) => x.kind === "create-log-bucket").length);
        });

        it("remediate --apply journals; rollback keeps the log buckets that hold logs, and --delete-log-buckets lists what it deletes", async () => {
            const journal = path.join(dir, "journal.jsonl");
            const apply = capture(moto().endpoint);
            assert.equal(await run(["remediate", "--apply", "--journal", journal], apply.io), 0);
            const entries = readJournal(journal).entries;
            assert.ok(entries.length > 10 && entries.every((e) => e.outcome === "done"));
            const undo = capture(moto().endpoint);
            assert.equal(await run(["rollback", "--journal", journal], undo.io), 1);
            const out = undo.out.join("");
            assert.equal((out.match(/not restorable/g) ?? []).length, 3);
            // Every change is undone, not restorable, or kept with its bucket (listed).
            const [, undone, total] = /(\d+) of (\d+) changes undone/.exec(out)!.map(Number);
            assert.equal(total, entries.length);
            const keptBuckets = [...out.matchAll(/kept log bucket (\S+)/g)].map((m) => m[1]);
            const keptChanges = entries.filter((e) => keptBuckets.includes(e.change.bucket)).length;
            assert.ok(keptBuckets.length > 0);
            assert.equal(undone + 3 + keptChanges, total);
            assert.match(out, /kept log bucket s3-access-logs-\d{12}-[a-z0-9-]+ \(\d{12} [a-z0-9-]+\): \d+ objects.*--delete-log-buckets deletes them/);
            const del = capture(moto().endpoint);
            await run(["rollback", "--journal", journal, "--delete-log-buckets"], del.io);
            assert.match(del.out.join(""), /deleted log bucket s3-access-logs-\d{12}-[a-z0-9-]+ and the \d+ objects in it/);
        });
    });
});
