import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Readable } from "stream";
import { gzipSync } from "zlib";
import { LOG_FIELDS, serdeRegex } from "../../logs/fields";
import { MalformedLine, openLogFile, parseLine, parseLogTime, parseStream } from "../../logs/parser";

import { CORPUS, DOC_GET_OBJECT, DOC_GET_VERSIONING, OWNER } from "./corpus";

describe("access log parser", () => {
    it("parses the documentation's examples into every named field", () => {
        const r = parseLine(DOC_GET_VERSIONING);
        assert.deepEqual(r, {
            bucketOwner: OWNER, bucket: "amzn-s3-demo-bucket1", time: "2019-02-06T00:00:38.000Z", remoteIp: "192.0.2.3", requester: OWNER,
            requestId: "3E57427F3EXAMPLE", operation: "REST.GET.VERSIONING", key: null, requestUri: "GET /amzn-s3-demo-bucket1?versioning HTTP/1.1",
            httpStatus: 200, errorCode: null, bytesSent: 113, objectSize: null, totalTime: 7, turnAroundTime: null, referer: null,
            userAgent: "S3Console/0.4", versionId: null, hostId: "s9lzHYrFp76ZVxRcpX9+5cjAnEH2ROuNkd2BHfIa6UkFVdtjf5mKR3/eTPFvsiP/XV/VLi31234=",
            signatureVersion: "SigV4", cipherSuite: "ECDHE-RSA-AES128-GCM-SHA256", authenticationType: "AuthHeader",
            hostHeader: "amzn-s3-demo-bucket1.s3.us-west-1.amazonaws.com", tlsVersion: "TLSV1.2",
            accessPointArn: "arn:aws:s3:us-west-1:123456789012:accesspoint/example-AP", aclRequired: "Yes", extra: [],
        });
        const g = parseLine(DOC_GET_OBJECT);
        assert.deepEqual([g.key, g.httpStatus, g.errorCode, g.bytesSent, g.signatureVersion, g.accessPointArn], ["photos/2019/08/puppy.jpg", 404, "NoSuchKey", 375, "SigV2", null]);
    });

    it("names every documented field exactly once, in order", () => {
        const r = parseLine(DOC_GET_VERSIONING) as unknown as Record<string, unknown>;
        assert.deepEqual(Object.keys(r).filter((k) => k !== "extra").sort(), LOG_FIELDS.map((f) => f.name).sort());
        assert.equal(new Set(LOG_FIELDS.map((f) => f.column)).size, LOG_FIELDS.length);
    });

    it("keeps quoted user agents with spaces and inner quotes", () => {
        // An inner quote followed by a space would be indistinguishable from the closing one.
        const agent = 'aws-cli/2.15.0 Python/3.11 "special"/1 md/command#s3.cp (linux; x86_64)';
        const escaped = 'Mozilla/5.0 \\"a b\\" Safari';
        assert.equal(parseLine(DOC_GET_VERSIONING.replace('"S3Console/0.4"', `"${agent}"`)).userAgent, agent);
        assert.equal(parseLine(DOC_GET_VERSIONING.replace('"S3Console/0.4"', `"${escaped}"`)).userAgent, escaped);
        assert.equal(parseLine(DOC_GET_VERSIONING.replace('"-" "S3Console', '"https://example.com/a b" "S3Console')).referer, "https://example.com/a b");
    });

    it("accepts records with missing trailing fields (older formats)", () => {
        // Cut after the user agent (token 19 of the space-split line).
        const old = DOC_GET_OBJECT.split(" ").slice(0, 20).join(" ");
        const r = parseLine(old);
        assert.equal(r.userAgent, "S3Console/0.4");
        assert.deepEqual([r.versionId, r.hostId, r.tlsVersion, r.aclRequired], [null, null, null, null]);
    });

    it("keeps unknown trailing fields rather than failing", () => {
        const r = parseLine(`${DOC_GET_VERSIONING} NewField1 "new quoted field"`);
        assert.deepEqual(r.extra, ["NewField1", "new quoted field"]);
        assert.equal(r.aclRequired, "Yes");
    });

    it("reads IPv6 remote addresses and non-UTC offsets", () => {
        const r = parseLine(DOC_GET_VERSIONING.replace("192.0.2.3", "2001:db8::8a2e:370:7334").replace("+0000", "-0130"));
        assert.equal(r.remoteIp, "2001:db8::8a2e:370:7334");
        assert.equal(r.time, "2019-02-06T01:30:38.000Z");
        assert.equal(parseLogTime("31/Dec/2023:23:59:59 +0100"), "2023-12-31T22:59:59.000Z");
    });

    it("re-aligns lines whose request line and user agent are unquoted, and says so", () => {
        const unquoted = DOC_GET_OBJECT.replace('"GET /amzn-s3-demo-bucket1/photos/2019/08/puppy.jpg?x-foo=bar HTTP/1.1"', "GET /amzn-s3-demo-bucket1/photos/2019/08/puppy.jpg?x-foo=bar HTTP/1.1")
            .replace('"S3Console/0.4"', "aws-sdk-js/3 ua/2.1 os/linux");
        let recovered = 0;
        const r = parseLine(unquoted, () => recovered++);
        assert.equal(recovered, 1);
        assert.deepEqual([r.requestUri, r.httpStatus, r.userAgent, r.hostId?.slice(0, 8), r.aclRequired], [
            "GET /amzn-s3-demo-bucket1/photos/2019/08/puppy.jpg?x-foo=bar HTTP/1.1", 404, "aws-sdk-js/3 ua/2.1 os/linux", "BNaBsXZQ", null,
        ]);
    });

    const malformed: [string, string, RegExp][] = [
        ["too few fields", `${OWNER} bucket [06/Feb/2019:00:00:38 +0000] 1.2.3.4`, /4 fields; a record has at least 10/],
        ["an unclosed quote", DOC_GET_VERSIONING.replace('"S3Console/0.4"', '"S3Console/0.4'), /unclosed quote/],
        ["a bad time", DOC_GET_VERSIONING.replace("06/Feb/2019", "06/Fbr/2019"), /time "06\/Fbr\/2019:00:00:38 \+0000"/],
        ["a non-numeric status", DOC_GET_VERSIONING.replace(" 200 ", " OK "), /httpStatus "OK" is not a whole number/],
    ];
    for (const [what, line, reason] of malformed) {
        it(`rejects ${what} with a reason`, () => assert.throws(() => parseLine(line), (e: Error) => e instanceof MalformedLine && reason.test(e.message)));
    }

    it("streams: counts malformed lines with their numbers and goes on", async () => {
        const text = [DOC_GET_VERSIONING, "garbage line", "", DOC_GET_OBJECT, DOC_GET_OBJECT.replace(" 404 ", " x ")].join("\n") + "\n";
        const seen: string[] = [];
        const stats = await parseStream(Readable.from([text]), (r) => seen.push(r.operation!));
        assert.deepEqual(seen, ["REST.GET.VERSIONING", "REST.GET.OBJECT"]);
        // The blank line is no line of the log: lines = records + malformed.
        assert.deepEqual([stats.lines, stats.records, stats.malformed], [4, 2, 2]);
        assert.deepEqual(stats.malformedSamples.map((m) => m.line), [2, 5]);
    });

    it("streams: a line ends at a line feed, CRLF or a lone carriage return, also where a chunk ends between CR and LF", async () => {
        const text = `${DOC_GET_VERSIONING}\r\n${DOC_GET_OBJECT}\r${DOC_GET_VERSIONING}\n\r\n${DOC_GET_OBJECT}\r`;
        const cut = text.indexOf("\r\n") + 1;
        for (const chunks of [[text], [text.slice(0, cut), text.slice(cut)], [...text]]) {
            const seen: string[] = [];
            const stats = await parseStream(Readable.from(chunks), (r) => seen.push(r.operation!));
            assert.deepEqual(seen, ["REST.GET.VERSIONING", "REST.GET.OBJECT", "REST.GET.VERSIONING", "REST.GET.OBJECT"]);
            assert.deepEqual([stats.lines, stats.malformed], [4, 0], "a blank line between, no line break in a value");
        }
    });

    it("opens gzip and plain files alike", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "logs-"));
        fs.writeFileSync(path.join(dir, "a.log"), DOC_GET_OBJECT + "\n");
        fs.writeFileSync(path.join(dir, "a.log.gz"), gzipSync(DOC_GET_OBJECT + "\n"));
        for (const file of ["a.log", "a.log.gz"]) {
            const keys: (string | null)[] = [];
            await parseStream(await openLogFile(path.join(dir, file)), (r) => keys.push(r.key));
            assert.deepEqual(keys, ["photos/2019/08/puppy.jpg"]);
        }
    });

    it("the Athena SerDe regex has one group per field and matches the examples", () => {
        const regex = new RegExp(serdeRegex());
        const groups = regex.exec(DOC_GET_VERSIONING)!;
        assert.equal(groups.length - 1, LOG_FIELDS.length);
        assert.equal(groups[LOG_FIELDS.findIndex((f) => f.name === "operation") + 1], "REST.GET.VERSIONING");
        assert.ok(regex.test(`${DOC_GET_VERSIONING} NewField`), "trailing fields AWS may add are tolerated");
    });

    it("the Athena SerDe regex reads every record of the corpus as the parser does (quotes and all)", () => {
        // RegexSerDe matches whole lines (Java's Matcher.matches); `-` stays text in Athena.
        const regex = new RegExp(`^(?:${serdeRegex()})$`);
        const differences: string[] = [];
        // Not S3's: lines the parser re-aligns (unquoted fields), and lines cut before the referrer.
        const skipped = /unquoted|only the fields up to the status/;
        for (const { what, line } of CORPUS.filter((c) => c.record && !skipped.test(c.what))) {
            const text = line.replace(/\r$/, "");
            const groups = regex.exec(text);
            const parsed = parseLine(text) as unknown as Record<string, unknown>;
            if (!groups) differences.push(`${what}: no match`);
            else LOG_FIELDS.forEach((f, i) => {
                // A missing trailing field reads as empty text.
                const athena = groups[i + 1] === "-" || (groups[i + 1] === "" && f.kind !== "quoted") ? null : groups[i + 1];
                const expected = parsed[f.name] === null ? null : String(parsed[f.name]);
                // Athena's text of the time against the parser's UTC time; numbers as numbers.
                const read = athena === null ? null : f.kind === "time" ? parseLogTime(athena) : f.kind === "number" ? String(Number(athena)) : athena;
                if (read !== expected) differences.push(`${what}: ${f.column} ${JSON.stringify(athena)} ≠ ${JSON.stringify(expected)}`);
            });
        }
        assert.deepEqual(differences, []);
    });
});
