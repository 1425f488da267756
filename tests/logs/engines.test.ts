import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Readable } from "stream";
import { csvRecordsSql } from "../../logs/csvRead";
import { LogDatabase } from "../../logs/logDatabase";
import { LogRecord, MalformedLine, parseLine, parseStream } from "../../logs/parser";
import { summarize } from "../../logs/summary";
import { CORPUS, DOC_GET_OBJECT, DOC_GET_VERSIONING, OWNER, UNCLOSED_QUOTE } from "./corpus";

async function all(db: LogDatabase, relation?: string): Promise<LogRecord[]> {
    const out: LogRecord[] = [];
    for await (const batch of db.records(relation)) out.push(...batch);
    return out;
}

/** The parser's record of a line, as its stream reader gives it (a trailing carriage return dropped). */
const parsed = (line: string): LogRecord | undefined => {
    try {
        return parseLine(line.replace(/\r$/, ""));
    } catch (e) {
        if (e instanceof MalformedLine) return undefined;
        throw e;
    }
};

/** The summary's top 100 of some values: by count, ties by value. */
function topOf(values: (string | null)[]): { value: string; count: number }[] {
    const counts = new Map<string, number>();
    for (const v of values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
    return [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1)).slice(0, 100);
}

describe("one parser semantics: DuckDB's reader and the TypeScript parser", function () {
    this.timeout(60_000);
    let db: LogDatabase;
    let dir: string;
    before(async () => {
        db = await LogDatabase.open({ memoryLimit: "256MB" });
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "engines-"));
    });
    after(async () => {
        await db.close();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    CORPUS.forEach(({ what, line, duckdb, record }, i) => {
        it(`${what}: ${duckdb ? "DuckDB reads it field by field as the parser does" : "DuckDB leaves it to the parser"}`, async () => {
            const file = path.join(dir, `line-${i}.log`);
            fs.writeFileSync(file, line + "\n");
            const ts = parsed(line);
            assert.equal(ts !== undefined, record, "the TypeScript parser's verdict");
            const [{ valid }] = await db.objects(`SELECT valid FROM (${csvRecordsSql([file])})`);
            assert.equal(valid, duckdb, "DuckDB's verdict");
            if (duckdb) assert.deepEqual(await all(db, `SELECT * FROM (${csvRecordsSql([file])}) WHERE valid`), [ts]);
        });
    });

    it("the whole corpus (and a quote left open) gives the parser's records and counts every line", async () => {
        const lines = [...CORPUS.map((c) => c.line), "", UNCLOSED_QUOTE];
        const files = [path.join(dir, "corpus.log"), path.join(dir, "clean.log")];
        fs.writeFileSync(files[0], lines.join("\n") + "\n");
        fs.writeFileSync(files[1], CORPUS.filter((c) => c.duckdb).map((c) => c.line).join("\n") + "\n");
        const expected: LogRecord[] = [];
        const tsStats = await parseStream(Readable.from([fs.readFileSync(files[0], "utf8"), fs.readFileSync(files[1], "utf8")]), (r) => expected.push(r));
        const stats = await db.load(files, {});
        assert.deepEqual(stats.parsedByTypeScript, [files[0]], "only the file with lines DuckDB cannot read exactly");
        assert.equal(stats.lines, stats.records + stats.malformed);
        assert.deepEqual([stats.lines, stats.records, stats.malformed], [tsStats.lines, tsStats.records, tsStats.malformed]);
        const key = (r: LogRecord) => JSON.stringify(r);
        assert.deepEqual((await all(db)).map(key).sort(), expected.map(key).sort());
        assert.match(stats.malformedSamples.map((m) => `${m.line} ${m.reason}`).join("\n"), /corpus\.log: unclosed quote/);
    });

    it("requestdatetime reads alike whichever reader reads the line: a time of another zone is given as its UTC text", async () => {
        const line = DOC_GET_VERSIONING.replace("+0000]", "-0130]");
        const alone = path.join(dir, "zone.log");
        fs.writeFileSync(alone, line + "\n");
        // A line that is not UTF-8 sends the whole file to the TypeScript parser.
        const whole = path.join(dir, "zone-whole.log");
        fs.writeFileSync(whole, Buffer.concat([Buffer.from(line + "\n"), Buffer.from([0xff, 0xfe, 0x0a])]));
        const texts: unknown[] = [];
        for (const file of [alone, whole]) {
            await db.load([file], {});
            texts.push((await db.objects("SELECT requestdatetime, time FROM access_logs")).map((r) => [r.requestdatetime, r.time]));
        }
        // 00:00:38 at -0130 is 01:30:38 UTC.
        const utc = ["06/Feb/2019:01:30:38 +0000", "2019-02-06T01:30:38.000Z"];
        assert.deepEqual(texts, [[utc], [utc]]);
    });

    it("a quote left open in a file's last line, which DuckDB reads as a valid row, is malformed", async () => {
        const file = path.join(dir, "cut-in-user-agent.log");
        fs.writeFileSync(file, [DOC_GET_VERSIONING, DOC_GET_VERSIONING, UNCLOSED_QUOTE].join("\n") + "\n");
        const stats = await db.load([file], {});
        assert.deepEqual([stats.lines, stats.records, stats.malformed], [3, 2, 1]);
        assert.deepEqual(stats.malformedSamples.map((m) => m.line), [3]);
    });

    it("only the lines DuckDB does not read exactly go to the parser, with their line numbers in the file", async () => {
        // Clean lines around the corpus (blank lines and a CRLF included), without a quote left open.
        const clean = CORPUS.filter((c) => c.duckdb).map((c) => c.line);
        const lines = [...clean, "", ...clean, ...CORPUS.map((c) => c.line), "", ...clean, ...clean, ...clean];
        const file = path.join(dir, "bad-lines-inside.log");
        fs.writeFileSync(file, lines.join("\n") + "\n");
        const expected: LogRecord[] = [];
        const tsStats = await parseStream(Readable.from([fs.readFileSync(file, "utf8")]), (r) => expected.push(r));
        const stats = await db.load([file], {});
        const lineNumbers = (s: { malformedSamples: { line: number }[] }) => s.malformedSamples.map((m) => m.line);
        assert.deepEqual([stats.lines, stats.records, stats.malformed, stats.recovered], [tsStats.lines, tsStats.records, tsStats.malformed, tsStats.recovered]);
        assert.deepEqual(lineNumbers(stats), lineNumbers(tsStats), "malformed lines by their numbers in the file");
        assert.ok(lineNumbers(stats).every((n) => !parsed(lines[n - 1])), "each numbered line is malformed");
        assert.deepEqual(stats.parsedByTypeScript, [file]);
        assert.equal(stats.linesParsedByTypeScript, CORPUS.filter((c) => !c.duckdb).length, "only the lines DuckDB leaves to the parser");
        const key = (r: LogRecord) => JSON.stringify(r);
        assert.deepEqual((await all(db)).map(key).sort(), expected.map(key).sort());
        // The summary adds the parser's records to the scan's counts of the same values.
        const summary = await summarize(db, 100);
        const operations = new Map<string, number>();
        for (const r of expected) operations.set(r.operation ?? "-", (operations.get(r.operation ?? "-") ?? 0) + 1);
        assert.deepEqual(new Map(summary.byOperation.map((x) => [x.value, x.count])), operations);
        assert.equal(summary.requests, expected.length);
        // Dimensions with many values are counted again over both sources then.
        assert.deepEqual(summary.topKeys, topOf(expected.map((r) => r.key)));
        assert.deepEqual(summary.byRequester, topOf(expected.map((r) => r.requester ?? "-")));
    });

    it("counts a value the parser's records add to exactly, though the scan keeps only the first values", async () => {
        const keyed = (key: string, line = DOC_GET_OBJECT) => line.replace(" photos/2019/08/puppy.jpg ", ` ${key} `);
        const escaped = CORPUS.find((c) => c.what === "an escaped inner quote followed by a space")!.line.replace("REST.GET.VERSIONING -", "REST.GET.OBJECT zzz");
        const lines = [...Array.from({ length: 150 }, (_, i) => keyed(`k${String(i).padStart(3, "0")}`)), keyed("zzz"), escaped, escaped, escaped];
        const file = path.join(dir, "many-keys.log");
        fs.writeFileSync(file, lines.join("\n") + "\n");
        const stats = await db.load([file], {});
        assert.equal(stats.linesParsedByTypeScript, 3);
        assert.deepEqual((await summarize(db)).topKeys.slice(0, 2), [{ value: "zzz", count: 4 }, { value: "k000", count: 1 }]);
    });

    /** DuckDB's load of `text` gives the parser's counts and records. */
    async function sameAsParser(text: string, name: string): Promise<LogRecord[]> {
        const file = path.join(dir, name);
        fs.writeFileSync(file, text);
        const expected: LogRecord[] = [];
        const tsStats = await parseStream(Readable.from([text]), (r) => expected.push(r));
        const stats = await db.load([file], {});
        const counts = (s: typeof tsStats) => [s.lines, s.records, s.malformed, s.recovered];
        assert.deepEqual(counts(stats), counts(tsStats), `counts of ${JSON.stringify(text)}`);
        const key = (r: LogRecord) => JSON.stringify(r);
        assert.deepEqual((await all(db)).map(key).sort(), expected.map(key).sort(), `records of ${JSON.stringify(text)}`);
        return expected;
    }

    it("a lone carriage return ends a line for both, in a file of CRLF lines too (where DuckDB would drop the next character)", async () => {
        const records = await sameAsParser(`${DOC_GET_VERSIONING}\r\n${DOC_GET_OBJECT.slice(0, 30)}\r${DOC_GET_OBJECT.slice(30)}\r\n${DOC_GET_VERSIONING}\r\n`, "lone-cr.log");
        assert.deepEqual(records.map((r) => r.bucketOwner), [OWNER, OWNER.slice(30), OWNER]);
    });

    it("lines of the corpus damaged at random places: DuckDB gives the parser's counts and records", async () => {
        // A fixed seed: the same damage every run. Each line is followed by a clean one, which a
        // quote read across lines would take along.
        let seed = 20261121;
        const random = (n: number) => Math.floor(((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32) * n);
        const damage = ['"', "\\", '\\"', '" ', ' "', '""', "\r", "\n", "\r\n", "\t", " ", "-", "[", "]"];
        const clean = CORPUS.filter((c) => c.duckdb).map((c) => c.line.replace(/\r$/, ""));
        for (let i = 0; i < 150; i++) {
            let line = clean[random(clean.length)];
            for (let k = 1 + random(3); k > 0; k--) {
                const at = random(line.length + 1);
                line = line.slice(0, at) + damage[random(damage.length)] + line.slice(at);
            }
            await sameAsParser(`${line}\n${DOC_GET_VERSIONING}\n`, `damaged-${i}.log`);
        }
    });

});
