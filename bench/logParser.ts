/**
 * Generates a realistic access log file (default 1 GB) and parses it with the streaming
 * parser. Prints MB/s and lines/s for reading and splitting alone (the floor), parsing, and
 * parsing with the summary, and the peak RSS. Run: npm run bench:parser [-- MEGABYTES]
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";
import { newStats, openLogFile, parseStream } from "../logs/parser";
import { Summarizer } from "../logs/summary";

const megabytes = Number(process.argv[2] ?? 1024);
const OPS = ["REST.GET.OBJECT", "REST.PUT.OBJECT", "REST.HEAD.OBJECT", "REST.GET.BUCKET", "REST.DELETE.OBJECT", "BATCH.DELETE.OBJECT"];
const AGENTS = ['"aws-cli/2.15.30 Python/3.11.8 Linux/6.1 exe/x86_64.amzn.2 prompt/off command/s3.cp"', '"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36"', '"aws-sdk-java/2.25.1 Linux/5.10 OpenJDK_64-Bit_Server_VM/17.0.10"'];

function line(i: number): string {
    const op = OPS[i % OPS.length];
    const status = i % 37 === 0 ? 404 : i % 101 === 0 ? 503 : 200;
    const key = `data/${i % 977}/part-${i % 5003}.parquet`;
    const ip = i % 5 === 0 ? `2001:db8::${(i % 65535).toString(16)}` : `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    const sec = String(i % 60).padStart(2, "0");
    const min = String(Math.floor(i / 60) % 60).padStart(2, "0");
    return `79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be app-data [21/Nov/2026:10:${min}:${sec} +0000] ${ip} arn:aws:iam::123456789012:role/etl-${i % 7} ${(0x3e57427f3e000000 + i).toString(16).toUpperCase()} ${op} ${key} "${op.includes("GET") ? "GET" : "PUT"} /app-data/${key} HTTP/1.1" ${status} ${status === 404 ? "NoSuchKey" : status === 503 ? "SlowDown" : "-"} ${i % 90000} ${i % 120000} ${i % 800} ${i % 40} "-" ${AGENTS[i % 3]} - Lu8zDUNoYDc0DlMGeiYxOabgXc6PiGmlNnCGQ6JrN8wMBRb5hMgl/0xtKmFt+8pfjfLtKc1Izl4= SigV4 ECDHE-RSA-AES128-GCM-SHA256 AuthHeader app-data.s3.eu-west-1.amazonaws.com TLSv1.3 - -\n`;
}

async function generate(file: string): Promise<number> {
    const out = fs.createWriteStream(file, { highWaterMark: 1 << 22 });
    let bytes = 0;
    let i = 0;
    while (bytes < megabytes * 1024 * 1024) {
        let chunk = "";
        for (let j = 0; j < 2000; j++) chunk += line(i++);
        bytes += Buffer.byteLength(chunk);
        if (!out.write(chunk)) await new Promise<void>((r) => out.once("drain", () => r()));
    }
    await new Promise<void>((r) => out.end(() => r()));
    return i;
}

async function main() {
    const file = path.join(os.tmpdir(), `s3-access-log-bench-${process.pid}.log`);
    try {
        const lines = await generate(file);
        const size = fs.statSync(file).size / (1024 * 1024);
        console.log(`generated ${size.toFixed(0)} MB, ${lines} lines`);

        const time = async (work: () => Promise<void>) => {
            const start = performance.now();
            await work();
            return (performance.now() - start) / 1000;
        };
        // The floor: read, decode and find every newline, nothing else.
        let newlines = 0;
        const floor = await time(async () => {
            for await (const chunk of await openLogFile(file)) for (let i = (chunk as Buffer).indexOf(10); i !== -1; i = (chunk as Buffer).indexOf(10, i + 1)) newlines++;
        });
        const parseOnly = await time(async () => void (await parseStream(await openLogFile(file), () => undefined)));
        let peakRss = process.memoryUsage().rss;
        const timer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
        const summary = new Summarizer();
        let stats = newStats();
        const full = await time(async () => void (stats = await parseStream(await openLogFile(file), (r) => summary.add(r))));
        clearInterval(timer);

        const rate = (seconds: number) => `${(size / seconds).toFixed(0).padStart(4)} MB/s, ${(lines / seconds / 1e6).toFixed(2)} M lines/s`;
        console.log(`read + split (floor): ${rate(floor)} (${newlines} lines)`);
        console.log(`parse:                ${rate(parseOnly)}`);
        console.log(`parse + summary:      ${rate(full)}; ${stats.records} records, ${stats.malformed} malformed`);
        console.log(`peak RSS during parse + summary: ${(peakRss / 1024 / 1024).toFixed(0)} MB for ${size.toFixed(0)} MB of input (${summary.summary().requests} requests)`);
    } finally {
        fs.rmSync(file, { force: true });
    }
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
