import * as pulumi from "@pulumi/pulumi";

/** A resource as the program registered it. */
export interface Registered {
    type: string;
    name: string;
    inputs: Record<string, any>;
    /** `urn::id` of the resource's provider, if any. */
    provider?: string;
    /** False for component resources. */
    custom: boolean;
}

export const registered: Registered[] = [];

// Installed once for the whole mocha run, before any code under test registers a resource.
pulumi.runtime.setMocks(
    {
        newResource(args) {
            registered.push({ type: args.type, name: args.name, inputs: args.inputs, provider: args.provider, custom: args.custom ?? true });
            const state = { ...args.inputs };
            if (args.type === "aws:s3/bucket:Bucket") {
                state.bucket ??= `${args.name}-1234567`;
                state.arn = `arn:aws:s3:::${state.bucket}`;
            }
            return { id: `${args.name}-id`, state };
        },
        call: () => ({}),
    },
    "s3-access-logging",
    "test",
    false,
);

/** Waits for every registration the code under test has started. */
export async function settle(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 50));
}

export function reset(): void {
    registered.length = 0;
}

export function ofType(type: string): Registered[] {
    return registered.filter((r) => r.type === type);
}

/** The custom (non-component) resource of that name. */
export function named(name: string): Registered {
    const found = registered.find((r) => r.name === name && r.custom);
    if (!found) throw new Error(`no resource named ${name}; have ${registered.map((r) => r.name).join(", ")}`);
    return found;
}
