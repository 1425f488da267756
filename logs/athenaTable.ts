import { LOG_FIELDS, serdeRegex } from "./fields";

/** The partition columns, in the order the partitioned key layout nests them. */
export const PARTITION_KEYS = [
    { name: "account", type: "string", comment: "source account ID" },
    { name: "region", type: "string", comment: "source Region" },
    { name: "bucket", type: "string", comment: "source bucket (give it in WHERE: it is injected)" },
    { name: "day", type: "string", comment: "yyyy/MM/dd of the event time" },
];

export const TABLE_NAME = "access_logs";

/**
 * Table parameters for partition projection over
 * `s3://BUCKET/PREFIX<account>/<region>/<bucket>/yyyy/MM/dd/`: no crawler and no
 * MSCK REPAIR; a regional log bucket only holds its own account and Region.
 */
export function projectionParameters(location: string, accountId: string, region: string, firstDay: string): Record<string, string> {
    return {
        EXTERNAL: "TRUE",
        "projection.enabled": "true",
        "projection.account.type": "enum",
        "projection.account.values": accountId,
        "projection.region.type": "enum",
        "projection.region.values": region,
        "projection.bucket.type": "injected",
        "projection.day.type": "date",
        "projection.day.format": "yyyy/MM/dd",
        "projection.day.range": `${firstDay},NOW`,
        "projection.day.interval": "1",
        "projection.day.interval.unit": "DAYS",
        "storage.location.template": `${location}\${account}/\${region}/\${bucket}/\${day}`,
    };
}

/** Columns of the table: the parser's field list, so both read the same record. */
export function tableColumns(): { name: string; type: string }[] {
    return LOG_FIELDS.map((f) => ({ name: f.column, type: f.glueType }));
}

export const SERDE = { library: "org.apache.hadoop.hive.serde2.RegexSerDe", regex: serdeRegex() };

/** Saved queries for the common questions; replace SOURCE_BUCKET with the bucket to look at. */
export function namedQueries(database: string): { name: string; description: string; query: string }[] {
    const from = `"${database}"."${TABLE_NAME}"`;
    const window = `bucket = 'SOURCE_BUCKET' AND day >= date_format(current_date - interval '7' day, '%Y/%m/%d')`;
    return [
        {
            name: "who-accessed-what",
            description: "Requesters, operations and keys of the last 7 days",
            query: `SELECT requester, remoteip, operation, key, httpstatus, count(*) AS requests\nFROM ${from}\nWHERE ${window}\nGROUP BY requester, remoteip, operation, key, httpstatus\nORDER BY requests DESC\nLIMIT 100;`,
        },
        {
            name: "errors",
            description: "Failed requests (4xx and 5xx) of the last 7 days by error code",
            query: `SELECT errorcode, httpstatus, operation, count(*) AS requests, min(requestdatetime) AS first_seen, max(requestdatetime) AS last_seen\nFROM ${from}\nWHERE ${window} AND httpstatus >= 400\nGROUP BY errorcode, httpstatus, operation\nORDER BY requests DESC;`,
        },
        {
            name: "deletes",
            description: "Who deleted which objects in the last 7 days",
            query: `SELECT requestdatetime, requester, remoteip, operation, key, versionid\nFROM ${from}\nWHERE ${window} AND operation LIKE '%DELETE%'\nORDER BY requestdatetime DESC;`,
        },
        {
            name: "top-requesters",
            description: "Requesters by requests and bytes sent in the last 7 days",
            query: `SELECT requester, count(*) AS requests, sum(bytessent) AS bytes_sent\nFROM ${from}\nWHERE ${window}\nGROUP BY requester\nORDER BY requests DESC\nLIMIT 25;`,
        },
    ];
}
