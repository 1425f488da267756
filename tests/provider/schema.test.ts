import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import { AccountLogBuckets, BucketAccessLogging, RegionalLogBucket } from "../../components";
import { PROVIDER_DIR } from "./providerProcess";

interface Property { type?: string; $ref?: string; items?: Property; additionalProperties?: Property; plain?: boolean; description?: string }
interface ObjectSchema { properties: Record<string, Property>; required?: string[] }
interface Schema {
    name: string;
    version: string;
    dependencies: { name: string; version: string }[];
    resources: Record<string, ObjectSchema & { isComponent: boolean; inputProperties: Record<string, Property>; requiredInputs?: string[] }>;
    types: Record<string, ObjectSchema & { type: string; enum?: { name: string; value: string }[] }>;
}

const PKG = "s3-access-logging";
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, "utf8"));
const rootPackage = readJson(path.join(PROVIDER_DIR, "..", "package.json"));
const awsVersion: string = readJson(require.resolve("@pulumi/aws/package.json")).version;

/** A property's type as one word: `string`, `map<string>`, `LogNaming`, `aws:s3/bucket:Bucket`… */
function typeOf(p: Property): string {
    if (p.$ref) return decodeURIComponent(p.$ref.replace(`#/types/${PKG}:index:`, "").replace(/^\/aws\/v[^/]+\/schema\.json#\/resources\//, ""));
    if (p.type === "array") return `array<${typeOf(p.items!)}>`;
    if (p.type === "object" && p.additionalProperties) return `map<${typeOf(p.additionalProperties)}>`;
    return p.type!;
}
const typesOf = (props: Record<string, Property>) => Object.fromEntries(Object.entries(props).map(([k, p]) => [k, typeOf(p)]));
const sorted = (xs: string[] | undefined) => [...(xs ?? [])].sort();

const LOG_BUCKET_OPTIONS = {
    accountId: "string", naming: "LogNaming", expirationDays: "number", transition: "LogTransition",
    forceDestroy: "boolean", tags: "map<string>", athena: "boolean", athenaOptions: "AthenaOptions",
};

describe("component provider schema (ComponentProvider.getSchema)", function () {
    this.timeout(120_000);
    let schema: Schema;

    before(async () => {
        const provider = new ComponentProvider({ name: PKG, dirname: PROVIDER_DIR, components: [RegionalLogBucket, AccountLogBuckets, BucketAccessLogging] });
        schema = JSON.parse(await provider.getSchema());
    });

    it("names the package as package.json and PulumiPlugin.yaml do, and depends on the AWS package it references", () => {
        const plugin = yaml.load(fs.readFileSync(path.join(PROVIDER_DIR, "PulumiPlugin.yaml"), "utf8")) as Record<string, string>;
        const providerPackage = readJson(path.join(PROVIDER_DIR, "package.json"));
        assert.equal(plugin.runtime, "nodejs");
        assert.deepEqual([schema.name, schema.version], [rootPackage.name, rootPackage.version]);
        assert.deepEqual([providerPackage.name, providerPackage.version], [schema.name, schema.version]);
        assert.deepEqual([plugin.name, plugin.version], [schema.name, schema.version]);
        assert.deepEqual(schema.dependencies, [{ name: "aws", version: awsVersion }]);
        assert.deepEqual(Object.keys(schema.resources).sort(), [
            `${PKG}:index:AccountLogBuckets`, `${PKG}:index:BucketAccessLogging`, `${PKG}:index:RegionalLogBucket`,
        ]);
        assert.ok(Object.values(schema.resources).every((r) => r.isComponent));
    });

    it("RegionalLogBucket: plain typed inputs, typed outputs", () => {
        const r = schema.resources[`${PKG}:index:RegionalLogBucket`];
        assert.deepEqual(typesOf(r.inputProperties), { ...LOG_BUCKET_OPTIONS, region: "string" });
        assert.deepEqual(sorted(r.requiredInputs), ["accountId", "region"]);
        // Names are computed and checked before anything is created: every input is a plain value.
        assert.ok(Object.values(r.inputProperties).every((p) => p.plain), "all inputs plain");
        assert.deepEqual(typesOf(r.properties), {
            bucketName: "string", region: "string", accountId: "string", targetPrefix: "string", bucket: "aws:s3/bucket:Bucket", arn: "string", athena: "AthenaNames",
        });
        assert.deepEqual(sorted(r.required), ["accountId", "arn", "bucket", "bucketName", "region", "targetPrefix"]);
        assert.match(r.inputProperties.expirationDays.description!, /Default: 365/);
    });

    it("AccountLogBuckets: the regional options plus a Region list; bucket names by Region", () => {
        const r = schema.resources[`${PKG}:index:AccountLogBuckets`];
        assert.deepEqual(typesOf(r.inputProperties), { ...LOG_BUCKET_OPTIONS, regions: "array<string>" });
        assert.deepEqual(sorted(r.requiredInputs), ["accountId", "regions"]);
        assert.deepEqual(typesOf(r.properties), { bucketNames: "map<string>" });
    });

    it("BucketAccessLogging: the source may be another resource's output; the logging resource out", () => {
        const r = schema.resources[`${PKG}:index:BucketAccessLogging`];
        assert.deepEqual(typesOf(r.inputProperties), { source: "string", region: "string", accountId: "string", logBucket: "LogBucketRef", naming: "LogNaming" });
        assert.deepEqual(sorted(r.requiredInputs), ["accountId", "logBucket", "region", "source"]);
        assert.equal(r.inputProperties.source.plain, undefined, "source is an Input<string>");
        assert.deepEqual(typesOf(r.properties), { logging: "aws:s3/bucketLogging:BucketLogging" });
    });

    it("object and enum types", () => {
        const objects = Object.fromEntries(Object.entries(schema.types).filter(([, t]) => !t.enum)
            .map(([token, t]) => [token.replace(`${PKG}:index:`, ""), { ...typesOf(t.properties), required: sorted(t.required) }]));
        assert.deepEqual(objects, {
            LogNaming: { nameTemplate: "string", prefixTemplate: "string", keyFormat: "LogKeyFormat", required: ["keyFormat", "nameTemplate", "prefixTemplate"] },
            LogKeyFormat: { kind: "KeyFormatKind", dateSource: "PartitionDateSource", required: ["kind"] },
            LogTransition: { days: "number", storageClass: "string", required: ["days", "storageClass"] },
            AthenaOptions: { databaseName: "string", workgroupName: "string", resultsPrefix: "string", firstDay: "string", required: [] },
            LogBucketRef: { bucketName: "string", region: "string", required: ["bucketName", "region"] },
            AthenaNames: { databaseName: "string", workgroupName: "string", required: ["databaseName", "workgroupName"] },
        });
        const enums = Object.fromEntries(Object.entries(schema.types).filter(([, t]) => t.enum)
            .map(([token, t]) => [token.replace(`${PKG}:index:`, ""), [t.type, ...t.enum!.map((e) => `${e.name}=${e.value}`)]]));
        assert.deepEqual(enums, {
            KeyFormatKind: ["string", "Simple=simple", "Partitioned=partitioned"],
            PartitionDateSource: ["string", "EventTime=EventTime", "DeliveryTime=DeliveryTime"],
        });
    });

    it("has no untyped property anywhere", () => {
        const untyped: string[] = [];
        const visit = (where: string, p: Property) => {
            if (p.$ref === "pulumi.json#/Any" || (!p.type && !p.$ref)) untyped.push(where);
            if (p.items) visit(`${where}[]`, p.items);
            if (p.additionalProperties) visit(`${where}{}`, p.additionalProperties);
        };
        for (const [token, r] of Object.entries(schema.resources)) {
            for (const [k, p] of Object.entries(r.inputProperties)) visit(`${token} input ${k}`, p);
            for (const [k, p] of Object.entries(r.properties)) visit(`${token} output ${k}`, p);
        }
        for (const [token, t] of Object.entries(schema.types)) {
            for (const [k, p] of Object.entries(t.properties ?? {})) visit(`${token}.${k}`, p);
        }
        assert.deepEqual(untyped, []);
    });
});
