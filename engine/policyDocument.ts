/** The parts of an IAM policy document the engine reads. Values keep the JSON's own shapes. */
export type OneOrMany<T> = T | T[];

export interface PolicyStatement {
    Sid?: string;
    Effect: "Allow" | "Deny";
    Principal?: "*" | Record<string, OneOrMany<string>>;
    NotPrincipal?: "*" | Record<string, OneOrMany<string>>;
    Action?: OneOrMany<string>;
    NotAction?: OneOrMany<string>;
    Resource?: OneOrMany<string>;
    NotResource?: OneOrMany<string>;
    Condition?: Record<string, Record<string, OneOrMany<string | boolean>>>;
}

export interface PolicyDocument {
    Version?: string;
    Id?: string;
    Statement: OneOrMany<PolicyStatement>;
}

/** Parses a policy document, or throws an error naming what is wrong. */
export function parsePolicy(json: string): PolicyDocument {
    const doc = JSON.parse(json) as PolicyDocument;
    if (typeof doc !== "object" || doc === null || doc.Statement === undefined) {
        throw new Error("a bucket policy needs a Statement");
    }
    return doc;
}

export function statementsOf(doc: PolicyDocument): PolicyStatement[] {
    return Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
}

export function asArray<T>(value: OneOrMany<T> | undefined): T[] {
    if (value === undefined) return [];
    return Array.isArray(value) ? value : [value];
}

// Policies repeat across buckets; compiling each pattern once keeps evaluation linear and cheap.
const compiled = new Map<string, RegExp>();

/** IAM wildcard match: `*` any run of characters, `?` one character. */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
    const key = `${ignoreCase ? "i" : "s"}${pattern}`;
    let regex = compiled.get(key);
    if (!regex) {
        const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
        regex = new RegExp(`^${escaped}$`, ignoreCase ? "is" : "s");
        if (compiled.size > 10_000) compiled.clear();
        compiled.set(key, regex);
    }
    return regex.test(value);
}

/** The request an AWS service principal makes, as a policy sees it. */
export interface ServiceRequest {
    service: string;
    action: string;
    resource: string;
    /** Condition keys present in the request; `undefined` value = present but not known here. */
    context: Record<string, string | undefined>;
}

/** true / false, or a reason it cannot be decided. */
export type Decision = boolean | { unknown: string };

function principalMatches(principal: PolicyStatement["Principal"], service: string): boolean {
    if (principal === "*") return true;
    if (principal === undefined) return false;
    if (asArray(principal.AWS).includes("*")) return true;
    return asArray(principal.Service).includes(service);
}

function appliesTo(statement: PolicyStatement, request: ServiceRequest): boolean {
    const principal = statement.NotPrincipal !== undefined
        ? !principalMatches(statement.NotPrincipal, request.service)
        : principalMatches(statement.Principal, request.service);
    const actionIn = (patterns: string[]) => patterns.some((p) => wildcardMatch(p, request.action, true));
    const action = statement.NotAction !== undefined ? !actionIn(asArray(statement.NotAction)) : actionIn(asArray(statement.Action));
    const resourceIn = (patterns: string[]) => patterns.some((p) => wildcardMatch(p, request.resource));
    const resource = statement.NotResource !== undefined
        ? !resourceIn(asArray(statement.NotResource))
        : resourceIn(asArray(statement.Resource));
    return principal && action && resource;
}

const OPERATORS: Record<string, (pattern: string, value: string) => boolean> = {
    StringEquals: (p, v) => p === v,
    StringEqualsIgnoreCase: (p, v) => p.toLowerCase() === v.toLowerCase(),
    StringLike: (p, v) => wildcardMatch(p, v),
    ArnEquals: (p, v) => p === v,
    ArnLike: (p, v) => wildcardMatch(p, v),
    Bool: (p, v) => p.toLowerCase() === v.toLowerCase(),
};

/** Evaluates one `Operator: {key: values}` block with IAM's rules for absent keys. */
function conditionHolds(operator: string, key: string, values: OneOrMany<string | boolean>, request: ServiceRequest): Decision {
    // Our keys are single-valued, for which ForAnyValue/ForAllValues reduce to the plain operator once present.
    const set = /^For(AnyValue|AllValues):/.exec(operator)?.[1];
    let op = set ? operator.slice(`For${set}:`.length) : operator;
    const ifExists = op.endsWith("IfExists");
    if (ifExists) op = op.slice(0, -"IfExists".length);
    const contextKey = Object.keys(request.context).find((k) => k.toLowerCase() === key.toLowerCase());
    const present = contextKey !== undefined;
    if (op === "Null") {
        // Null: true asks for the key to be absent.
        return asArray(values).some((v) => String(v).toLowerCase() === String(!present));
    }
    // StringNotEquals, ArnNotLike, NotIpAddress, NumericNotEquals, DateNotEquals…
    const negated = op.includes("Not");
    // IAM: an absent key fails positive operators and satisfies negated ones; as an empty set it
    // satisfies ForAllValues and fails ForAnyValue, whatever the operator.
    if (!present) return ifExists || (set ? set === "AllValues" : negated);
    const value = request.context[contextKey!];
    if (value === undefined) return { unknown: `the request's ${key} is not known` };
    const positive = OPERATORS[op.replace("Not", "")];
    if (!positive) return { unknown: `condition operator ${operator} is not evaluated` };
    const matched = asArray(values).some((v) => positive(String(v), value));
    return negated ? !matched : matched;
}

function conditionsHold(statement: PolicyStatement, request: ServiceRequest): Decision {
    let undecided: { unknown: string } | undefined;
    for (const [operator, block] of Object.entries(statement.Condition ?? {})) {
        for (const [key, values] of Object.entries(block)) {
            const decision = conditionHolds(operator, key, values, request);
            if (decision === false) return false;
            if (decision !== true) undecided = decision;
        }
    }
    return undecided ?? true;
}

export type PolicyVerdict =
    | { verdict: "allowed"; sid?: string }
    | { verdict: "denied"; sid?: string }
    | { verdict: "not-granted" }
    /** `denyMayApply`: a Deny's conditions could not be decided, so no other route can grant either. */
    | { verdict: "unknown"; reason: string; denyMayApply?: boolean };

/**
 * What a resource policy says of a service request: an applicable Deny wins, else an Allow
 * grants, else nothing grants it.
 */
export function evaluatePolicy(doc: PolicyDocument, request: ServiceRequest): PolicyVerdict {
    const statements = statementsOf(doc).filter((s) => appliesTo(s, request));
    let denyUndecided: string | undefined;
    for (const s of statements.filter((s) => s.Effect === "Deny")) {
        const holds = conditionsHold(s, request);
        if (holds === true) return { verdict: "denied", sid: s.Sid };
        if (holds !== false) denyUndecided ??= holds.unknown;
    }
    let allowUndecided: string | undefined;
    for (const s of statements.filter((s) => s.Effect === "Allow")) {
        const holds = conditionsHold(s, request);
        if (holds === true) {
            return denyUndecided === undefined ? { verdict: "allowed", sid: s.Sid } : { verdict: "unknown", reason: denyUndecided, denyMayApply: true };
        }
        if (holds !== false) allowUndecided ??= holds.unknown;
    }
    if (denyUndecided !== undefined) return { verdict: "unknown", reason: denyUndecided, denyMayApply: true };
    return allowUndecided === undefined ? { verdict: "not-granted" } : { verdict: "unknown", reason: allowUndecided };
}
