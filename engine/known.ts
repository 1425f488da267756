/**
 * A fact that may not be knowable: a Pulumi value unknown during preview, or an AWS call that
 * answered AccessDenied. Rules that need an unknown fact report "could not evaluate" instead of
 * passing silently.
 */
export interface Unknown {
    /** Why the value is not known, phrased for a person ("bucket policy: AccessDenied"). */
    readonly unknown: string;
}

export type Known<T> = T | Unknown;

export function unknown(reason: string): Unknown {
    return { unknown: reason };
}

export function isUnknown(value: unknown): value is Unknown {
    return typeof value === "object" && value !== null && typeof (value as Unknown).unknown === "string";
}
