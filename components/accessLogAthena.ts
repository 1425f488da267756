import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { InputError } from "../engine";
import { namedQueries, PARTITION_KEYS, projectionParameters, SERDE, TABLE_NAME, tableColumns } from "../logs/athenaTable";

/** What a caller of the log bucket may choose about its Athena resources. */
export interface AthenaOptions {
    /** Glue database. Default: `s3_access_logs_<accountId>_<region>` (underscores). */
    databaseName?: string;
    /** Athena workgroup. Default: `s3-access-logs-<region>`. */
    workgroupName?: string;
    /** Where query results go, in the log bucket. Default: `athena-results/`. */
    resultsPrefix?: string;
    /** First day partitions are projected from (yyyy/MM/dd). Default: `2024/01/01`. */
    firstDay?: string;
}

export interface AccessLogAthenaArgs extends AthenaOptions {
    /** The log bucket and the prefix its sources deliver under. */
    bucketName: string;
    targetPrefix: string;
    accountId: string;
    region: string;
}

/**
 * The results prefix and first day, defaulted and checked against the log prefix; `path` names
 * the options as the caller's arguments do (`athenaOptions.` for a RegionalLogBucket).
 */
export function checkAthenaOptions(options: AthenaOptions, targetPrefix: string, path = ""): Required<Pick<AthenaOptions, "resultsPrefix" | "firstDay">> {
    const { resultsPrefix = "athena-results/", firstDay = "2024/01/01" } = options;
    if (!/^\d{4}\/\d{2}\/\d{2}$/.test(firstDay)) throw new InputError(`${path}firstDay`, `"${firstDay}" must be yyyy/MM/dd.`);
    if (targetPrefix.startsWith(resultsPrefix) || resultsPrefix.startsWith(targetPrefix)) {
        throw new InputError(`${path}resultsPrefix`, `"${resultsPrefix}" overlaps the log prefix "${targetPrefix}"; query results must not mix with logs.`);
    }
    return { resultsPrefix, firstDay };
}

/** The names of the Athena resources, to query with. */
export interface AthenaNames {
    /** The Glue database name. */
    databaseName: string;
    /** The Athena workgroup name. */
    workgroupName: string;
}

/**
 * Athena over a regional log bucket's partitioned logs: a Glue database and table with
 * partition projection (account, Region, bucket, day), a workgroup writing results to a prefix
 * of its own, and named queries for the common questions.
 */
export class AccessLogAthena extends pulumi.ComponentResource implements AthenaNames {
    /** The Glue database name. */
    public readonly databaseName: string;
    /** The Athena workgroup name. */
    public readonly workgroupName: string;

    constructor(name: string, args: AccessLogAthenaArgs, opts?: pulumi.ComponentResourceOptions) {
        super("s3-access-logging:index:AccessLogAthena", name, {}, opts);
        const { bucketName, targetPrefix, accountId, region } = args;
        const { resultsPrefix, firstDay } = checkAthenaOptions(args, targetPrefix);
        this.databaseName = args.databaseName ?? `s3_access_logs_${accountId}_${region.replace(/-/g, "_")}`;
        this.workgroupName = args.workgroupName ?? `s3-access-logs-${region}`;
        const child = { parent: this };
        const location = `s3://${bucketName}/${targetPrefix}`;

        const database = new aws.glue.CatalogDatabase(`${name}-database`, { name: this.databaseName, region }, child);
        new aws.glue.CatalogTable(`${name}-table`, {
            name: TABLE_NAME,
            databaseName: database.name,
            region,
            tableType: "EXTERNAL_TABLE",
            parameters: projectionParameters(location, accountId, region, firstDay),
            partitionKeys: PARTITION_KEYS,
            storageDescriptor: {
                location,
                inputFormat: "org.apache.hadoop.mapred.TextInputFormat",
                outputFormat: "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
                serDeInfo: { serializationLibrary: SERDE.library, parameters: { "input.regex": SERDE.regex } },
                columns: tableColumns(),
            },
        }, child);
        const workgroup = new aws.athena.Workgroup(`${name}-workgroup`, {
            name: this.workgroupName,
            region,
            forceDestroy: true,
            configuration: {
                enforceWorkgroupConfiguration: true,
                publishCloudwatchMetricsEnabled: true,
                resultConfiguration: {
                    outputLocation: `s3://${bucketName}/${resultsPrefix}`,
                    encryptionConfiguration: { encryptionOption: "SSE_S3" },
                    expectedBucketOwner: accountId,
                },
            },
        }, child);
        for (const q of namedQueries(this.databaseName, accountId)) {
            new aws.athena.NamedQuery(`${name}-${q.name}`, {
                name: q.name, description: q.description, query: q.query, database: database.name, workgroup: workgroup.name, region,
            }, child);
        }
        this.registerOutputs({ databaseName: this.databaseName, workgroupName: this.workgroupName });
    }
}
