/**
 * The S3 server access log record, field by field, in order. The one source of truth for the
 * parser, the Athena table's columns and its SerDe regex.
 */
export type FieldKind = "plain" | "quoted" | "time" | "number";

export interface LogField {
    /** Property of a parsed record. */
    name: string;
    /** Athena/Glue column name. */
    column: string;
    kind: FieldKind;
    glueType: "string" | "bigint" | "int";
}

const field = (name: string, column: string, kind: FieldKind = "plain", glueType: LogField["glueType"] = "string"): LogField =>
    ({ name, column, kind, glueType });

export const LOG_FIELDS: readonly LogField[] = [
    field("bucketOwner", "bucketowner"),
    field("bucket", "bucket_name"),
    field("time", "requestdatetime", "time"),
    field("remoteIp", "remoteip"),
    field("requester", "requester"),
    field("requestId", "requestid"),
    field("operation", "operation"),
    field("key", "key"),
    field("requestUri", "request_uri", "quoted"),
    field("httpStatus", "httpstatus", "number", "int"),
    field("errorCode", "errorcode"),
    field("bytesSent", "bytessent", "number", "bigint"),
    field("objectSize", "objectsize", "number", "bigint"),
    field("totalTime", "totaltime", "number", "bigint"),
    field("turnAroundTime", "turnaroundtime", "number", "bigint"),
    field("referer", "referrer", "quoted"),
    field("userAgent", "useragent", "quoted"),
    field("versionId", "versionid"),
    field("hostId", "hostid"),
    field("signatureVersion", "sigv"),
    field("cipherSuite", "ciphersuite"),
    field("authenticationType", "authtype"),
    field("hostHeader", "endpoint"),
    field("tlsVersion", "tlsversion"),
    field("accessPointArn", "accesspointarn"),
    field("aclRequired", "aclrequired"),
];

/** Lines with fewer fields than this are malformed; later fields were added over the years and may be missing. */
export const REQUIRED_FIELDS = LOG_FIELDS.findIndex((f) => f.name === "httpStatus") + 1;

/**
 * A quoted field's text without its quotes (as the parser and DuckDB read it), or `-`. As in
 * the parser, a quote closes only before a space or the line's end and never after `\`: S3
 * does not escape quotes inside a user agent, and `"[^"]*"` would shift every later column.
 */
const QUOTED = '"?((?<=")(?:[^"]|(?<=\\\\)"|"(?! |$))*(?=")|-)"?';

/**
 * The RegexSerDe pattern for the same fields, for Athena: one group per field, and trailing
 * fields AWS may add later are tolerated.
 */
export function serdeRegex(): string {
    const group = (f: LogField) => (f.kind === "time" ? "\\[(.*?)\\]" : f.kind === "quoted" ? QUOTED : "([^ ]*)");
    const [first, ...rest] = LOG_FIELDS;
    return `${group(first)}${rest.map((f) => ` ?${group(f)}`).join("")}(?: .*)?$`;
}
