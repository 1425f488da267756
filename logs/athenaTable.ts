import { athenaDialect, CATALOGUE } from "./catalogue";
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

/** The catalogue's questions as saved Athena queries; replace SOURCE_BUCKET with the bucket to look at. */
export function namedQueries(database: string, ownerAccount: string): { name: string; description: string; query: string }[] {
    const dialect = athenaDialect(database, TABLE_NAME, ownerAccount);
    return CATALOGUE.map((q) => ({ name: q.name, description: `${q.title}, last 7 days`, query: `${q.sql(dialect)};` }));
}
