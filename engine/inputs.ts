import { isKnownRegion } from "./regions";

/**
 * Checks of user input shared by the component, the program and the CLI. Each error names the
 * field (config key, argument or flag) and says how to fix it.
 */
export class InputError extends Error {
    constructor(readonly field: string, problem: string) {
        super(`${field}: ${problem}`);
        this.name = "InputError";
    }
}

export function checkAccountId(value: unknown, field: string): string {
    if (typeof value !== "string" || !/^\d{12}$/.test(value)) {
        throw new InputError(field, `"${String(value)}" is not an AWS account ID; write the 12 digits, as a string (quote it in YAML).`);
    }
    return value;
}

export function checkRegion(value: unknown, field: string): string {
    if (typeof value !== "string" || !isKnownRegion(value)) {
        throw new InputError(field, `"${String(value)}" is not an AWS Region; use a code such as us-east-1 or eu-west-1.`);
    }
    return value;
}

export function checkRegions(value: unknown, field: string): string[] {
    if (!Array.isArray(value) || value.length === 0) {
        throw new InputError(field, "list at least one Region, e.g. [us-east-1, eu-west-1].");
    }
    const regions = value.map((r, i) => checkRegion(r, `${field}[${i}]`));
    const duplicate = regions.find((r, i) => regions.indexOf(r) !== i);
    if (duplicate) throw new InputError(field, `${duplicate} is listed twice; list each Region once.`);
    return regions;
}

/**
 * The items of a comma-separated list flag. Given empty (an unset shell variable), it is refused:
 * read as absent, a scope would widen to every account, and a filter select nothing.
 */
export function checkList(value: string | undefined, field: string, what: string): string[] | undefined {
    const items = value?.split(",").map((s) => s.trim()).filter(Boolean);
    if (items?.length === 0) throw new InputError(field, `list at least one ${what}, or drop ${field}.`);
    return items;
}

export function checkPositiveInteger(value: unknown, field: string): number {
    if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
        throw new InputError(field, `"${String(value)}" must be a whole number of at least 1.`);
    }
    return value;
}
