/**
 * The parser test corpus: lines in the layout of the S3 user guide's examples and the odd lines
 * real writers produce. `duckdb` says whether DuckDB's reader is expected to read the line exactly
 * (else the TypeScript parser reads it); `record` whether it is a record at all.
 */
export const OWNER = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be";

export const DOC_GET_VERSIONING = `${OWNER} amzn-s3-demo-bucket1 [06/Feb/2019:00:00:38 +0000] 192.0.2.3 ${OWNER} 3E57427F3EXAMPLE REST.GET.VERSIONING - "GET /amzn-s3-demo-bucket1?versioning HTTP/1.1" 200 - 113 - 7 - "-" "S3Console/0.4" - s9lzHYrFp76ZVxRcpX9+5cjAnEH2ROuNkd2BHfIa6UkFVdtjf5mKR3/eTPFvsiP/XV/VLi31234= SigV4 ECDHE-RSA-AES128-GCM-SHA256 AuthHeader amzn-s3-demo-bucket1.s3.us-west-1.amazonaws.com TLSV1.2 arn:aws:s3:us-west-1:123456789012:accesspoint/example-AP Yes`;
export const DOC_GET_OBJECT = `${OWNER} amzn-s3-demo-bucket1 [06/Feb/2019:00:00:38 +0000] 192.0.2.3 ${OWNER} 891CE47D2EXAMPLE REST.GET.OBJECT photos/2019/08/puppy.jpg "GET /amzn-s3-demo-bucket1/photos/2019/08/puppy.jpg?x-foo=bar HTTP/1.1" 404 NoSuchKey 375 - 5 - "-" "S3Console/0.4" - BNaBsXZQQDbssi6xMBdBU2sLt+Yf5kZDmeBUP35sFoKa3sLLeMC78iwEIWxs99CRUrbS4n11234= SigV2 ECDHE-RSA-AES128-GCM-SHA256 AuthHeader amzn-s3-demo-bucket1.s3.us-west-1.amazonaws.com TLSV1.1 - -`;

const agent = (line: string, ua: string) => line.replace('"S3Console/0.4"', ua);

export const CORPUS: { what: string; line: string; duckdb: boolean; record: boolean }[] = [
    { what: "the documentation's GET versioning example", line: DOC_GET_VERSIONING, duckdb: true, record: true },
    { what: "the documentation's GET object example (404, SigV2)", line: DOC_GET_OBJECT, duckdb: true, record: true },
    { what: "a user agent with spaces and an inner quote", line: agent(DOC_GET_VERSIONING, '"aws-cli/2.15.0 Python/3.11 "special"/1 md/command#s3.cp (linux; x86_64)"'), duckdb: true, record: true },
    { what: "a referrer with a space", line: DOC_GET_VERSIONING.replace('"-" "S3Console', '"https://example.com/a b" "S3Console'), duckdb: true, record: true },
    { what: "an escaped inner quote followed by a space", line: agent(DOC_GET_VERSIONING, '"Mozilla/5.0 \\"a b\\" Safari"'), duckdb: false, record: true },
    { what: "an escaped quote before the closing one", line: agent(DOC_GET_VERSIONING, '"tail\\\\"'), duckdb: false, record: false },
    { what: "an empty quoted user agent", line: agent(DOC_GET_VERSIONING, '""'), duckdb: true, record: true },
    { what: "an IPv6 remote address", line: DOC_GET_VERSIONING.replace("192.0.2.3", "2001:db8::8a2e:370:7334"), duckdb: true, record: true },
    { what: "a non-UTC offset (S3 writes none): the parser gives its time as UTC text", line: DOC_GET_VERSIONING.replace("+0000", "-0130"), duckdb: false, record: true },
    { what: "missing trailing fields (an older format)", line: DOC_GET_OBJECT.split(" ").slice(0, 20).join(" "), duckdb: true, record: true },
    { what: "only the fields up to the status", line: DOC_GET_OBJECT.split(" ").slice(0, 13).join(" "), duckdb: true, record: true },
    { what: "extra trailing fields AWS may add", line: `${DOC_GET_VERSIONING} NewField1 "new quoted field"`, duckdb: true, record: true },
    { what: "a key starting with a bracket", line: DOC_GET_OBJECT.replace(" photos/2019/08/puppy.jpg ", " [draft]/puppy.jpg "), duckdb: true, record: true },
    { what: "an anonymous request over plain HTTP", line: DOC_GET_OBJECT.replace(` ${OWNER} 891CE`, " - 891CE").replace(" TLSV1.1 ", " - ").replace("ECDHE-RSA-AES128-GCM-SHA256", "-"), duckdb: true, record: true },
    {
        what: "unquoted request line and user agent (moto, some S3-compatible stores)",
        line: DOC_GET_OBJECT.replace('"GET /amzn-s3-demo-bucket1/photos/2019/08/puppy.jpg?x-foo=bar HTTP/1.1"', "GET /amzn-s3-demo-bucket1/photos/2019/08/puppy.jpg?x-foo=bar HTTP/1.1")
            .replace('"S3Console/0.4"', "aws-sdk-js/3 ua/2.1 os/linux"),
        duckdb: false, record: true,
    },
    { what: "a carriage return before the newline", line: `${DOC_GET_VERSIONING}\r`, duckdb: true, record: true },
    { what: "a carriage return after a short line", line: `${DOC_GET_OBJECT.split(" ").slice(0, 20).join(" ")}\r`, duckdb: true, record: true },
    { what: "a line that is not a record", line: "garbage line", duckdb: false, record: false },
    { what: "too few fields", line: `${OWNER} bucket [06/Feb/2019:00:00:38 +0000] 1.2.3.4`, duckdb: false, record: false },
    { what: "a bad month", line: DOC_GET_VERSIONING.replace("06/Feb/2019", "06/Fbr/2019"), duckdb: false, record: false },
    { what: "a lower-case month", line: DOC_GET_VERSIONING.replace("06/Feb/2019", "06/feb/2019"), duckdb: false, record: false },
    { what: "a non-numeric status", line: DOC_GET_VERSIONING.replace(" 200 ", " OK "), duckdb: false, record: false },
    { what: "a fractional byte count", line: DOC_GET_VERSIONING.replace(" 113 ", " 11.5 "), duckdb: false, record: false },
    { what: "a signed status", line: DOC_GET_VERSIONING.replace(" 200 ", " +200 "), duckdb: false, record: false },
    { what: "a one-digit day", line: DOC_GET_VERSIONING.replace("06/Feb/2019", "6/Feb/2019"), duckdb: false, record: false },
    { what: "a year before 1000", line: DOC_GET_VERSIONING.replace("06/Feb/2019", "06/Feb/0019"), duckdb: false, record: true },
    { what: "a byte count with an exponent", line: DOC_GET_VERSIONING.replace(" 113 ", " 1e3 "), duckdb: false, record: false },
    { what: "a byte count with a leading zero", line: DOC_GET_VERSIONING.replace(" 113 ", " 0113 "), duckdb: true, record: true },
    { what: "a negative byte count", line: DOC_GET_VERSIONING.replace(" 113 ", " -113 "), duckdb: false, record: false },
    { what: "a byte count of 16 digits", line: DOC_GET_VERSIONING.replace(" 113 ", " 1000000000000000 "), duckdb: false, record: true },
    { what: "a quote in a field after the user agent", line: DOC_GET_VERSIONING.replace(" SigV4 ", ' Sig"V4 '), duckdb: false, record: true },
    // Where a field starts with a quote, DuckDB ends it where its quotes pair up, the parser at a quote and a space.
    { what: "a field after the user agent quoted up to an escaped quote", line: DOC_GET_VERSIONING.replace('"S3Console/0.4" - ', '"S3Console/0.4" "abc\\" '), duckdb: false, record: false },
    { what: "a quote closed before a letter", line: DOC_GET_VERSIONING.replace(" REST.GET.VERSIONING ", ' "a b"REST.GET.VERSIONING '), duckdb: false, record: false },
    { what: "a quoted user agent holding a quote and a space", line: agent(DOC_GET_VERSIONING, '"a"b" c"'), duckdb: false, record: true },
    { what: "a request ID quoted up to a quote before a letter", line: DOC_GET_VERSIONING.replace(" 3E57427F3EXAMPLE ", ' "x"y '), duckdb: false, record: false },
    { what: "a line ending in a space", line: `${DOC_GET_VERSIONING} `, duckdb: false, record: true },
];

/** A quote left open: DuckDB's reader fails on the whole file, which then goes to the TypeScript parser. */
export const UNCLOSED_QUOTE = agent(DOC_GET_VERSIONING, '"S3Console/0.4');

export const OWNER_ACCOUNT = "111111111111";
export const ALICE = "arn:aws:iam::111111111111:user/alice";
export const BOB = "arn:aws:iam::111111111111:user/bob";
export const ETL = "arn:aws:iam::222222222222:role/etl";

export interface Request {
    time: string;
    who: string;
    ip: string;
    op: string;
    key: string;
    status: number;
    error?: string;
    bytes: number;
    sigv?: string;
    tls?: string;
    acl?: string;
}

/** A record of one request, every field in place. */
export const requestLine = (r: Request) => {
    const https = r.tls !== "-";
    return `${"0".repeat(64)} app [${r.time} +0000] ${r.ip} ${r.who} REQ${r.time.slice(0, 2)} ${r.op} ${r.key} "${r.op.split(".")[1]} /app/${r.key} HTTP/1.1" ${r.status} ${r.error ?? "-"} ${r.bytes} - 5 1 "-" "aws-cli/2" - HOSTID= `
        + `${r.sigv ?? "SigV4"} ${https ? "TLS_AES_128_GCM_SHA256" : "-"} ${r.who === "-" ? "-" : "AuthHeader"} app.s3.us-east-1.amazonaws.com ${r.tls ?? "TLSv1.3"} - ${r.acl ?? "-"}`;
};

/** Requests across days and months, so that times compared as text (`dd/Mon/yyyy`) give wrong answers. */
export const REQUESTS: Request[] = [
    { time: "31/Jan/2026:23:59:00", who: ALICE, ip: "10.0.0.1", op: "REST.GET.OBJECT", key: "data/a.csv", status: 200, bytes: 100 },
    { time: "28/Feb/2026:12:00:00", who: ALICE, ip: "10.0.0.1", op: "REST.DELETE.OBJECT", key: "data/a.csv", status: 204, bytes: 0 },
    { time: "01/Mar/2026:00:00:10", who: ETL, ip: "10.0.0.2", op: "REST.DELETE.OBJECT", key: "logs/b.txt", status: 204, bytes: 0 },
    { time: "10/Feb/2026:08:00:00", who: "-", ip: "198.51.100.7", op: "REST.GET.OBJECT", key: "data/missing", status: 403, error: "AccessDenied", bytes: 243, sigv: "-", tls: "-" },
    { time: "09/Mar/2026:08:00:00", who: "-", ip: "198.51.100.7", op: "REST.GET.OBJECT", key: "data/missing", status: 403, error: "AccessDenied", bytes: 243, sigv: "-", tls: "-" },
    { time: "03/Jan/2026:05:00:00", who: BOB, ip: "10.0.0.3", op: "REST.GET.OBJECT", key: "data/old", status: 404, error: "NoSuchKey", bytes: 0, sigv: "SigV2", tls: "TLSv1.1", acl: "Yes" },
    { time: "15/Mar/2026:00:00:00", who: ETL, ip: "10.0.0.2", op: "REST.PUT.OBJECT", key: "img/c.png", status: 200, bytes: 0, acl: "Yes" },
];
