import { LoggingEnabled } from "@aws-sdk/client-s3";
import * as fs from "fs";

/** One change remediation made, with what is needed to undo it exactly. */
export type Change =
    | { kind: "created-bucket"; accountId: string; region: string; bucket: string }
    | { kind: "policy"; accountId: string; region: string; bucket: string; before: string | null; after: string }
    | { kind: "logging"; accountId: string; region: string; bucket: string; before: LoggingEnabled | null; after: LoggingEnabled };

export interface Journal {
    schemaVersion: 1;
    startedAt: string;
    changes: Change[];
}

/** A journal written to disk after every change, so an interrupted run can still be undone. */
export class JournalWriter {
    private readonly journal: Journal = { schemaVersion: 1, startedAt: new Date().toISOString(), changes: [] };

    constructor(private readonly file?: string) {
        this.flush();
    }

    record(change: Change): void {
        this.journal.changes.push(change);
        this.flush();
    }

    get changes(): readonly Change[] {
        return this.journal.changes;
    }

    private flush(): void {
        if (this.file) fs.writeFileSync(this.file, JSON.stringify(this.journal, null, 2) + "\n");
    }
}

export function readJournal(file: string): Journal {
    let journal: Journal;
    try {
        journal = JSON.parse(fs.readFileSync(file, "utf8")) as Journal;
    } catch (e) {
        throw new Error(`--journal ${file}: cannot read it as a journal (${(e as Error).message}).`);
    }
    if (journal.schemaVersion !== 1 || !Array.isArray(journal.changes)) {
        throw new Error(`--journal ${file}: not a remediation journal (schemaVersion 1 with changes).`);
    }
    return journal;
}
