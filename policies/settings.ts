import {
    checkAccountId, DEFAULT_NAMING, Exemptions, InputError, NamingConvention, NamingError, parseKeyFormat, RuleId, RULES, validateNaming,
} from "../engine";

export type RuleLevel = "mandatory" | "advisory" | "disabled";

/** The pack's settings; every policy of the pack takes the same keys. */
export interface PackSettings {
    naming: NamingConvention;
    /** Account for resources whose provider does not tell it. */
    accountId?: string;
    /** Account by provider name or URN (`default` for the default provider of any version), overriding what the provider tells. */
    accounts: Record<string, string>;
    /** Buckets exempt from every rule and never remediated: `exemptBuckets` patterns and `exemptTags`. */
    exemptions: Exemptions;
    /** Level of each rule; the mandatory and advisory policies each report their share. */
    rules: Record<RuleId, RuleLevel>;
}

export const DEFAULT_EXEMPT_TAG = { "s3-access-logging:exempt": "true" };

const RULE_IDS = RULES.map((r) => r.id);
const LEVELS: RuleLevel[] = ["mandatory", "advisory", "disabled"];

/** JSON schema of the settings, for `configSchema` (the CLI validates config against it). */
export const SETTINGS_SCHEMA = {
    properties: {
        nameTemplate: { type: "string", default: DEFAULT_NAMING.nameTemplate, description: "Log bucket name template ({accountId}, {region})." },
        targetPrefix: { type: "string", default: DEFAULT_NAMING.prefixTemplate, description: "Target prefix template ({accountId}, {region}, {bucket})." },
        keyFormat: { type: "string", enum: ["partitioned", "partitioned-delivery-time", "simple"], default: "partitioned" },
        accountId: { type: "string", pattern: "^[0-9]{12}$", description: "Account of resources whose provider does not name one." },
        accounts: { type: "object", additionalProperties: { type: "string", pattern: "^[0-9]{12}$" }, description: "Account ID by provider name or URN; \"default\" names the default provider of any version." },
        exemptBuckets: { type: "array", items: { type: "string" }, default: [], description: "Bucket-name patterns exempt from the rules." },
        exemptTags: { type: "object", additionalProperties: { type: "string" }, default: DEFAULT_EXEMPT_TAG, description: "Tags that exempt a bucket (value * = any)." },
        rules: {
            type: "object",
            properties: Object.fromEntries(RULE_IDS.map((id) => [id, { type: "string", enum: LEVELS }])),
            additionalProperties: false,
            description: "Level per rule ID: mandatory, advisory or disabled.",
        },
    },
} as const;

/** Default level: low-severity rules advise, the others block. */
export function defaultLevels(): Record<RuleId, RuleLevel> {
    return Object.fromEntries(RULES.map((r) => [r.id, r.severity === "low" ? "advisory" : "mandatory"])) as Record<RuleId, RuleLevel>;
}

function stringMap(value: unknown, field: string): Record<string, string> {
    if (typeof value !== "object" || value === null || Array.isArray(value) || Object.values(value).some((v) => typeof v !== "string")) {
        throw new InputError(field, "must be an object of strings.");
    }
    return value as Record<string, string>;
}

/**
 * Reads one policy's config (as `getConfig()` returns it) into settings. Errors name the key as
 * `<policy>.<key>` and say how to fix it.
 */
export function parseSettings(raw: Record<string, unknown>, policy: string): PackSettings {
    const field = (k: string) => `policy config ${policy}.${k}`;
    const known = new Set(Object.keys(SETTINGS_SCHEMA.properties));
    const stray = Object.keys(raw).find((k) => !known.has(k));
    if (stray) throw new InputError(field(stray), `is not a setting; use one of ${[...known].join(", ")}.`);

    const text = (k: string, fallback: string) => {
        const v = raw[k] ?? fallback;
        if (typeof v !== "string") throw new InputError(field(k), "must be a string.");
        return v;
    };
    const naming: NamingConvention = {
        nameTemplate: text("nameTemplate", DEFAULT_NAMING.nameTemplate),
        prefixTemplate: text("targetPrefix", DEFAULT_NAMING.prefixTemplate),
        keyFormat: parseKeyFormat(text("keyFormat", "partitioned"), field("keyFormat")),
    };
    try {
        validateNaming(naming, field("nameTemplate"));
    } catch (e) {
        if (e instanceof NamingError && e.message.startsWith("targetPrefix")) throw new InputError(field("targetPrefix"), e.message);
        throw e;
    }
    const accounts = stringMap(raw.accounts ?? {}, field("accounts"));
    Object.entries(accounts).forEach(([k, id]) => checkAccountId(id, `${field("accounts")}.${k}`));
    const exemptBuckets = raw.exemptBuckets ?? [];
    if (!Array.isArray(exemptBuckets) || exemptBuckets.some((p) => typeof p !== "string")) {
        throw new InputError(field("exemptBuckets"), "must be a list of bucket-name patterns, e.g. [\"tmp-*\"].");
    }
    const rules = defaultLevels();
    for (const [id, level] of Object.entries(stringMap(raw.rules ?? {}, field("rules")))) {
        if (!RULE_IDS.includes(id as RuleId)) throw new InputError(`${field("rules")}.${id}`, `is not a rule ID; use one of ${RULE_IDS.join(", ")}.`);
        if (!LEVELS.includes(level as RuleLevel)) throw new InputError(`${field("rules")}.${id}`, `"${level}" is not a level; use mandatory, advisory or disabled.`);
        rules[id as RuleId] = level as RuleLevel;
    }
    return {
        naming,
        accountId: raw.accountId === undefined ? undefined : checkAccountId(raw.accountId, field("accountId")),
        accounts,
        exemptions: {
            patterns: exemptBuckets as string[],
            tags: stringMap(raw.exemptTags ?? DEFAULT_EXEMPT_TAG, field("exemptTags")),
            patternSetting: "exemptBuckets pattern",
        },
        rules,
    };
}
