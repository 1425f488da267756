import { DEFAULT_NAMING, InputError, KeyFormat, NamingConvention } from "../engine";

// Component arguments are read by the component provider's schema analyzer, which has no type for a
// union of objects (the engine's KeyFormat): the key format is one object with enum fields instead.
// `as const` objects with a type of the same name are the enum form the analyzer understands.

/** How log object keys are laid out under the target prefix. */
export const KeyFormatKind = {
    /** `[prefix]YYYY-mm-DD-HH-MM-SS-UniqueString`: the key does not name the source. */
    Simple: "simple",
    /** `[prefix]account/Region/bucket/yyyy/mm/dd/...`: keys name account, Region and source bucket. */
    Partitioned: "partitioned",
} as const;
export type KeyFormatKind = (typeof KeyFormatKind)[keyof typeof KeyFormatKind];

/** Which date partitioned keys carry. */
export const PartitionDateSource = {
    /** When the request happened. */
    EventTime: "EventTime",
    /** When S3 delivered the log object. */
    DeliveryTime: "DeliveryTime",
} as const;
export type PartitionDateSource = (typeof PartitionDateSource)[keyof typeof PartitionDateSource];

/** The key layout of delivered log objects. */
export interface LogKeyFormat {
    kind: KeyFormatKind;
    /** The date partitioned keys carry; only for `partitioned`. Default: EventTime. */
    dateSource?: PartitionDateSource;
}

/** The naming convention: log bucket name, target prefix and key layout. */
export interface LogNaming {
    /** Log bucket name template; `{accountId}` and `{region}` are required. */
    nameTemplate: string;
    /** Target prefix template; may use `{accountId}`, `{region}` and `{bucket}` (the source). */
    prefixTemplate: string;
    /** Key layout of the log objects. */
    keyFormat: LogKeyFormat;
}

const KINDS: readonly string[] = Object.values(KeyFormatKind);
const DATE_SOURCES: readonly string[] = Object.values(PartitionDateSource);

function keyFormat(value: LogKeyFormat | undefined, field: string): KeyFormat {
    // Other languages reach here without TypeScript's checks: every field is checked at run time.
    const { kind, dateSource } = value ?? ({} as Partial<LogKeyFormat>);
    if (!KINDS.includes(kind as string)) {
        throw new InputError(`${field}.kind`, `"${String(kind)}" is not a key format; use ${KINDS.join(" or ")}.`);
    }
    if (kind === KeyFormatKind.Simple) {
        if (dateSource !== undefined) throw new InputError(`${field}.dateSource`, `applies only to partitioned keys; remove it or use kind "partitioned".`);
        return { kind };
    }
    if (dateSource !== undefined && !DATE_SOURCES.includes(dateSource)) {
        throw new InputError(`${field}.dateSource`, `"${String(dateSource)}" is not a date source; use ${DATE_SOURCES.join(" or ")}.`);
    }
    return { kind: "partitioned", dateSource: dateSource ?? PartitionDateSource.EventTime };
}

/** The engine's naming convention for a component's `naming` argument; absent means DEFAULT_NAMING. */
export function namingConvention(naming: LogNaming | undefined, field = "naming"): NamingConvention {
    if (naming === undefined) return DEFAULT_NAMING;
    for (const key of ["nameTemplate", "prefixTemplate"] as const) {
        if (typeof naming[key] !== "string") throw new InputError(`${field}.${key}`, "is required: write the template as a string.");
    }
    return { nameTemplate: naming.nameTemplate, prefixTemplate: naming.prefixTemplate, keyFormat: keyFormat(naming.keyFormat, `${field}.keyFormat`) };
}
