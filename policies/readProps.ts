import { Known, unknown } from "../engine";

// @pulumi/policy ships an empty proxy.d.ts; the class exists at run time.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { UnknownValueError } = require("@pulumi/policy/proxy") as { UnknownValueError: new (...args: unknown[]) => Error };

/**
 * Reads a property that may be unknown during preview. The policy SDK throws on unknown
 * values; here they become an `Unknown` naming the resource and property, so one resource's
 * unknown never stops the others from being checked.
 */
export function readProp<T>(read: () => T, what: string): Known<T> {
    try {
        const value = read();
        // Touch nested values too: arrays and objects may hold unknowns.
        JSON.stringify(value);
        return value;
    } catch (e) {
        if (e instanceof UnknownValueError) return unknown(`${what} is not known until the resource is deployed`);
        throw e;
    }
}
