import { randomUUID } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { InputError } from "../engine/inputs";
import { SettingName } from "./settings";

interface Where {
    accountId: string;
    region: string;
    bucket: string;
}

/**
 * One change remediation makes, with what is needed to undo it exactly. `create-bucket` names
 * the claim object that proves which run created the bucket; a setting change carries the
 * value before (null = absent) and the value it sets.
 */
export type Change =
    | (Where & { kind: "create-bucket"; claimKey: string })
    | (Where & { kind: SettingName; before: unknown; after: unknown });

/**
 * How a step ended: `done` = made; `failed` = the call failed (it may still have taken effect);
 * `abandoned` = not made, on purpose (the bucket already existed); absent = cut off by a crash.
 */
export interface JournalEntry {
    seq: number;
    at: string;
    change: Change;
    outcome?: "done" | "abandoned" | "failed";
    note?: string;
}

export interface Journal {
    runId: string;
    startedAt: string;
    entries: JournalEntry[];
}

/** The first line of every journal: fixed text first, so a journal cut inside it is still recognised. */
const MAGIC = `{"journal":"s3-logging-remediation","schemaVersion":2`;

type Line =
    | { seq: number; at: string; intent: Change }
    | { seq: number; outcome: "done" | "abandoned" | "failed"; note?: string };

/**
 * An append-only journal: one JSON record per line, each written and fsynced before the next
 * step. A step's intent is recorded before the change is made and its outcome after, so a
 * `kill -9` at any instant leaves at worst one partial last line, which readers ignore.
 * Opening an existing journal continues it (same run ID), after cutting a partial last line.
 */
export class JournalWriter {
    readonly runId: string;
    readonly entries: JournalEntry[] = [];
    private readonly fd?: number;
    private readonly lock?: string;
    private seq = 0;

    constructor(file?: string) {
        if (file) this.lock = lockJournal(file);
        const existing = file && fs.existsSync(file) && fs.statSync(file).size > 0 ? fs.readFileSync(file) : undefined;
        let resumed: Journal | undefined;
        try {
            resumed = existing !== undefined ? parseJournal(existing.toString("utf8"), file!) : undefined;
        } catch (e) {
            this.close();
            throw e;
        }
        this.runId = resumed?.runId || randomUUID();
        if (resumed) {
            // One by one: spreading a large journal's entries into a call (push, Math.max) overflows the stack.
            for (const e of resumed.entries) {
                this.entries.push(e);
                this.seq = Math.max(this.seq, e.seq);
            }
        }
        if (!file) return;
        this.fd = fs.openSync(file, "a");
        // In bytes: policies may hold any Unicode.
        const complete = existing === undefined ? 0 : existing.lastIndexOf(0x0a) + 1;
        // A record cut off by a crash is dropped, so the next one starts on a line of its own.
        if (existing !== undefined) fs.ftruncateSync(this.fd, complete);
        if (complete === 0) {
            this.append(`${MAGIC},"runId":${JSON.stringify(this.runId)},"startedAt":${JSON.stringify(new Date().toISOString())}}`);
            // The file's own directory entry must survive a crash too.
            const dir = fs.openSync(path.dirname(path.resolve(file)), "r");
            fs.fsyncSync(dir);
            fs.closeSync(dir);
        }
    }

    /** Records the intent of a change before it is made; returns its sequence number. */
    begin(change: Change): number {
        const entry: JournalEntry = { seq: ++this.seq, at: new Date().toISOString(), change };
        this.entries.push(entry);
        this.write({ seq: entry.seq, at: entry.at, intent: change });
        return entry.seq;
    }

    /** Records how a begun change ended. */
    end(seq: number, outcome: "done" | "abandoned" | "failed", note?: string): void {
        const entry = this.entries.find((e) => e.seq === seq)!;
        entry.outcome = outcome;
        entry.note = note;
        this.write({ seq, outcome, note });
    }

    /** Journals `change`, makes it with `act`, and records the outcome. */
    async step(change: Change, act: () => Promise<void>): Promise<void> {
        const seq = this.begin(change);
        try {
            await act();
        } catch (e) {
            this.end(seq, "failed", (e as Error).message);
            throw e;
        }
        this.end(seq, "done");
    }

    /** Changes made (confirmed) so far. */
    get changes(): Change[] {
        return this.entries.filter((e) => e.outcome === "done").map((e) => e.change);
    }

    close(): void {
        if (this.fd !== undefined) fs.closeSync(this.fd);
        if (this.lock) fs.rmSync(this.lock, { force: true });
    }

    private write(line: Line): void {
        this.append(JSON.stringify(line));
    }

    private append(text: string): void {
        if (this.fd === undefined) return;
        fs.writeSync(this.fd, text + "\n");
        fs.fsyncSync(this.fd);
    }
}

/**
 * Takes `FILE.lock` (created exclusively, holding the process ID) so that two applies never
 * append to one journal. A lock left by a process that is gone (killed) is taken over.
 */
function lockJournal(file: string): string {
    const lock = `${file}.lock`;
    for (;;) {
        try {
            fs.writeFileSync(lock, String(process.pid), { flag: "wx" });
            return lock;
        } catch (e) {
            if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
        }
        const pid = writerOf(file);
        if (pid !== undefined) {
            throw new InputError("--journal", `${file} is being written by another remediate --apply (process ${pid}); wait for it to finish, or choose another --journal.`);
        }
        fs.rmSync(lock, { force: true });
    }
}

/**
 * Refuses to roll back a journal that a live apply still holds (its `FILE.lock`): the changes it
 * is about to make are not in the journal yet, so they would be missed, and the rollback would
 * race the ones it is making.
 */
export function checkNotBeingWritten(file: string): void {
    const pid = writerOf(file);
    if (pid !== undefined) {
        throw new InputError("--journal", `${file} is being written by a remediate --apply that is still running (process ${pid}); wait for it to finish, then roll back.`);
    }
}

/** The live process, other than this one, whose `FILE.lock` holds the journal; undefined if none. */
function writerOf(file: string): number | undefined {
    let pid: number;
    try {
        pid = Number(fs.readFileSync(`${file}.lock`, "utf8"));
    } catch {
        return undefined;
    }
    return pid > 0 && pid !== process.pid && isRunning(pid) ? pid : undefined;
}

function isRunning(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch (e) {
        return (e as NodeJS.ErrnoException).code === "EPERM";
    }
}

function notAJournal(file: string, why: string): InputError {
    return new InputError("--journal", `${file} is not a remediation journal (${why}); give the file remediate --apply wrote (its --journal).`);
}

/** A journal of the earlier format: one JSON document, rewritten whole after every change. */
function isFirstFormat(text: string): boolean {
    try {
        const doc = JSON.parse(text);
        return doc?.schemaVersion === 1 && Array.isArray(doc.changes);
    } catch {
        return false;
    }
}

/**
 * Parses journal text up to its last complete record. A journal cut at any byte is valid (the
 * partial last line is ignored); anything else that is not a journal is refused.
 */
export function parseJournal(text: string, file: string): Journal {
    const lines = text.split("\n");
    const partial = lines.pop()!;
    if (lines.length === 0) {
        // Cut inside the first line: nothing was changed yet.
        if (MAGIC.startsWith(partial) || partial.startsWith(MAGIC)) return { runId: "", startedAt: "", entries: [] };
        throw notAJournal(file, "it does not start with a journal header");
    }
    const record = (line: string, n: number): Record<string, unknown> => {
        try {
            const value = JSON.parse(line);
            if (value !== null && typeof value === "object" && !Array.isArray(value)) return value;
        } catch {
            // reported below
        }
        throw notAJournal(file, `line ${n} is not a journal record`);
    };
    if (!lines[0].startsWith(MAGIC)) {
        if (isFirstFormat(text)) {
            throw new InputError("--journal", `${file} is a schemaVersion 1 journal, written by an earlier version of s3-logging; roll it back with that version.`);
        }
        throw notAJournal(file, "it does not start with a journal header");
    }
    const header = record(lines[0], 1);
    const journal: Journal = { runId: String(header.runId), startedAt: String(header.startedAt), entries: [] };
    const bySeq = new Map<number, JournalEntry>();
    lines.slice(1).forEach((line, i) => {
        const r = record(line, i + 2) as { seq?: unknown; at?: string; intent?: Change; outcome?: JournalEntry["outcome"]; note?: string };
        if (typeof r.seq !== "number") throw notAJournal(file, `line ${i + 2} has no step number`);
        if (r.intent && typeof r.intent === "object" && typeof (r.intent as Change).kind === "string") {
            const entry: JournalEntry = { seq: r.seq, at: String(r.at), change: r.intent };
            bySeq.set(r.seq, entry);
            journal.entries.push(entry);
        } else if (r.outcome && bySeq.has(r.seq)) {
            Object.assign(bySeq.get(r.seq)!, { outcome: r.outcome, note: r.note });
        } else {
            throw notAJournal(file, `line ${i + 2} is neither a change nor its outcome`);
        }
    });
    return journal;
}

/** Reads a journal file; a missing or unreadable file, or one that is not a journal, is bad input. */
export function readJournal(file: string): Journal {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new InputError("--journal", `${file}: cannot read it as a journal (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); check the path.`);
    }
    return parseJournal(text, file);
}
