import { sqlString } from "./csvRead";
import { LOG_FIELDS } from "./fields";

/**
 * The questions AWS documents server access logs for, written once for both engines: the
 * Athena named queries and `logs --query` render the same definitions. Dialect differences
 * live in `Dialect` only. The columns are the Athena table's (logs/fields.ts).
 */
export interface Dialect {
    /** The records as a relation with the local engine's values (Athena: the bucket and the days to scan). */
    from: string;
    /** `requestdatetime` (text `06/Feb/2019:00:00:38 +0000`) as a timestamp: text does not sort by time. */
    time: string;
    /** The bucket owner's account, when known, for "requests from other accounts". */
    ownerAccount?: string;
}

export interface CatalogueQuery {
    name: string;
    title: string;
    sql: (d: Dialect) => string;
}

/** A value that S3 writes as `-`: NULL in both dialects. */
const absent = (column: string) => `${column} IS NULL`;
const where = (condition = "TRUE") => `WHERE ${condition}`;
const requesterAccount = "regexp_extract(requester, 'arn:aws[a-z-]*:(?:iam|sts)::(\\d{12}):', 1)";

/** Requests grouped by `columns` (where `condition` holds), most first, with when they were last seen. */
const lastSeenBy = (columns: string[], condition: string, tieBreak: string) => (d: Dialect) =>
    `SELECT ${columns.join(", ")}, count(*) AS requests, max(${d.time}) AS last_seen\nFROM ${d.from}\n${where(condition)}\n`
    + `GROUP BY ${columns.map((c) => c.replace(/ AS \w+$/, "")).join(", ")}\nORDER BY requests DESC, ${tieBreak}`;

/** Requests and bytes sent by `column`, most requests first. */
const topBy = (column: string, limit: number) => (d: Dialect) =>
    `SELECT ${column}, count(*) AS requests, sum(bytessent) AS bytes_sent\nFROM ${d.from}\n${where()}\nGROUP BY ${column}\nORDER BY requests DESC, ${column}\nLIMIT ${limit}`;

export const CATALOGUE: readonly CatalogueQuery[] = [
    {
        name: "who-accessed-what",
        title: "Who accessed what: requests by requester, IP, operation and key",
        sql: (d) => `SELECT requester, remoteip, operation, key, count(*) AS requests, min(${d.time}) AS first_seen, max(${d.time}) AS last_seen\n`
            + `FROM ${d.from}\n${where()}\nGROUP BY requester, remoteip, operation, key\nORDER BY requests DESC, first_seen, requester, key\nLIMIT 100`,
    },
    {
        name: "errors",
        title: "Failed requests (4xx, 5xx) by error code",
        sql: (d) => `SELECT errorcode, httpstatus, operation, count(*) AS requests, min(${d.time}) AS first_seen, max(${d.time}) AS last_seen\n`
            + `FROM ${d.from}\n${where("httpstatus >= 400")}\nGROUP BY errorcode, httpstatus, operation\nORDER BY requests DESC, errorcode, httpstatus, operation`,
    },
    {
        name: "deletes",
        title: "Who deleted which objects, newest first",
        sql: (d) => `SELECT ${d.time} AS request_time, requester, remoteip, operation, key, versionid, httpstatus\n`
            + `FROM ${d.from}\n${where("operation LIKE '%DELETE%'")}\nORDER BY request_time DESC, key`,
    },
    { name: "top-requesters", title: "Top requesters by requests and bytes sent", sql: topBy("requester", 25) },
    { name: "top-ips", title: "Top remote IPs by requests and bytes sent", sql: topBy("remoteip", 25) },
    {
        name: "sigv2-requests",
        title: "Requests signed with Signature Version 2 (to move to SigV4)",
        sql: lastSeenBy(["requester", "remoteip", "useragent"], "sigv = 'SigV2'", "requester"),
    },
    {
        name: "acl-required",
        title: "Requests that required an ACL (check before disabling ACLs)",
        sql: lastSeenBy(["requester", "operation", "key"], "aclrequired = 'Yes'", "requester, key"),
    },
    {
        name: "old-tls",
        title: "Requests over TLS below 1.2",
        sql: lastSeenBy(["tlsversion", "requester", "remoteip"], "upper(tlsversion) IN ('SSLV3', 'TLSV1', 'TLSV1.0', 'TLSV1.1')", "requester"),
    },
    { name: "plain-http", title: "Requests over plain HTTP (no TLS)", sql: lastSeenBy(["requester", "remoteip", "operation"], absent("tlsversion"), "remoteip") },
    {
        name: "anonymous",
        title: "Anonymous (unauthenticated) requests",
        sql: lastSeenBy(["remoteip", "operation", "key", "httpstatus"], absent("requester"), "remoteip, key"),
    },
    {
        name: "other-accounts",
        title: "Requests from outside the bucket owner's account",
        sql: (d) => lastSeenBy([`${requesterAccount} AS requester_account`, "requester", "operation"],
            `${requesterAccount} <> ''${d.ownerAccount ? ` AND ${requesterAccount} <> ${sqlString(d.ownerAccount)}` : ""}`, "requester")(d),
    },
    {
        name: "bytes-by-prefix",
        title: "Bytes sent by key prefix (first path segment)",
        sql: (d) => `SELECT split_part(key, '/', 1) AS prefix, count(*) AS requests, sum(bytessent) AS bytes_sent\n`
            + `FROM ${d.from}\n${where(`NOT ${absent("key")}`)}\nGROUP BY 1\nORDER BY bytes_sent DESC, prefix\nLIMIT 50`,
    },
];

export function catalogueQuery(name: string): CatalogueQuery | undefined {
    return CATALOGUE.find((q) => q.name === name);
}

/** The local engine (DuckDB) over the view of the selected records. */
export function localDialect(ownerAccount?: string): Dialect {
    return { from: "access_logs", time: "strptime(requestdatetime, '%d/%b/%Y:%H:%M:%S %z')", ownerAccount };
}

/**
 * Athena (Trino) over the partition-projected table; SOURCE_BUCKET is replaced by the user. Its
 * text columns hold `-` as written: read as NULL, as locally, or groups, their order and LIMIT
 * differ (NULL sorts last, `-` first). The partition filter is on the table itself.
 */
export function athenaDialect(database: string, table: string, ownerAccount: string): Dialect {
    const columns = LOG_FIELDS.map((f) => (f.glueType === "string" && f.kind !== "time" ? `nullif(${f.column}, '-') AS ${f.column}` : f.column));
    return {
        from: `(SELECT ${columns.join(", ")}\n  FROM "${database}"."${table}"\n  WHERE bucket = 'SOURCE_BUCKET' AND day >= date_format(current_date - interval '7' day, '%Y/%m/%d')) AS ${table}`,
        time: "parse_datetime(requestdatetime, 'dd/MMM/yyyy:HH:mm:ss Z')",
        ownerAccount,
    };
}
