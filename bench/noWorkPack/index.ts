import { PolicyPack } from "@pulumi/policy";
import { policies } from "../../policies/policies";

/**
 * The floor of `npm run bench:policy-pack`: the same pack — same policies, levels and config
 * schema, so the SDK deserializes each request as often — whose policies do no work.
 */
new PolicyPack("s3-access-logging-no-work", {
    policies: policies.map((p) => ({
        ...p,
        ...("validateStack" in p ? { validateStack: () => undefined } : {}),
        ...("validateResource" in p ? { validateResource: () => undefined } : {}),
        ...("remediateResource" in p ? { remediateResource: () => undefined } : {}),
    })),
});
