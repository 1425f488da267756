import { ReportViolation, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { RULES, RuleId } from "../engine";
import { providerDefaultTags, resolveAccount, resolveRegion } from "./accounts";
import { recordInputs, recordRemediation } from "./programInputs";
import { remediate, remediates } from "./remediation";
import { PackSettings, parseSettings, RuleLevel, SETTINGS_SCHEMA } from "./settings";
import { evaluateStack } from "./stackEvaluation";
import { StackResource } from "./stackFacts";
import { plain, read } from "./values";

export const MANDATORY_POLICY = "s3-access-logging";
export const ADVISORY_POLICY = "s3-access-logging-advisory";
export const REMEDIATION_POLICY = "s3-access-logging-remediation";

// The README section that documents the pack; shown by the CLI and Pulumi Cloud next to violations.
const DOCS = "README.md#policy-pack";

function rulesAt(settings: PackSettings, level: RuleLevel): RuleId[] {
    return RULES.filter((r) => settings.rules[r.id] === level).map((r) => r.id);
}

/**
 * Evaluates the stack with the shared engine and reports the findings of the rules at `level`.
 * The advisory policy also reports what could not be checked ("not verifiable here").
 */
async function checkStack(policy: string, level: RuleLevel, args: StackValidationArgs, report: ReportViolation): Promise<void> {
    const settings = parseSettings(args.getConfig<Record<string, unknown>>(), policy);
    const { evaluation, urnOf } = await evaluateStack(args.resources as StackResource[], settings);
    const reported = rulesAt(settings, level);
    for (const f of evaluation.findings.filter((f) => reported.includes(f.ruleId))) {
        report(`[${f.ruleId}] ${f.message}`, urnOf.get(f.bucket));
    }
    if (level === "advisory") {
        for (const u of evaluation.unevaluated) {
            report(`[${u.ruleId}] not verifiable here for ${u.bucket}: ${u.reason}.`, urnOf.get(u.bucket));
        }
    }
}

/**
 * A stack policy that reports the rules at `level`; the shared engine does the judging. It also
 * validates each resource as it registers — reporting nothing, only recording the inputs the
 * program asked for, which the stack check reads back (the SDK runs `validateResource` of any
 * policy that has one, at `analyze`).
 */
function stackPolicy(name: string, level: "mandatory" | "advisory", text: Pick<StackValidationPolicy, "displayName" | "description" | "remediationSteps" | "severity">): StackValidationPolicy & Pick<ResourceValidationPolicy, "validateResource"> {
    return {
        name,
        ...text,
        enforcementLevel: level,
        configSchema: SETTINGS_SCHEMA as never,
        url: DOCS,
        validateResource: (args) => recordInputs(args.urn, args.type, args.props),
        validateStack: (args, report) => checkStack(name, level, args, report),
    };
}

export const mandatoryPolicy = stackPolicy(MANDATORY_POLICY, "mandatory", {
    displayName: "S3 access logging reaches a valid target",
    // The SDK prefixes every violation with the description: keep it to one line.
    description: "Every S3 bucket logs to a different bucket in its own Region and account that accepts delivery.",
    severity: "high",
    remediationSteps: "Log each bucket into the regional log bucket of its account (RegionalLogBucket), or set this pack's remediation policy to `remediate`. Exempt a bucket with the tag s3-access-logging:exempt=true or exemptBuckets.",
});

export const advisoryPolicy = stackPolicy(ADVISORY_POLICY, "advisory", {
    displayName: "S3 access logging: advice and what cannot be verified here",
    description: "S3 access-logging advice, and checks that could not run here.",
    severity: "low",
    remediationSteps: "Manage the target in this stack, set allowedAccountIds on providers or accountId in the policy config, or run `s3-logging audit` against the deployed buckets.",
});

export const remediationPolicy: ResourceValidationPolicy = {
    name: REMEDIATION_POLICY,
    displayName: "S3 access logging: fix missing or misdirected logging",
    description: "Adds missing S3 access logging and retargets self or cross-Region logging to the regional log bucket.",
    enforcementLevel: "remediate",
    severity: "high",
    configSchema: SETTINGS_SCHEMA as never,
    remediationSteps: "Set this policy to `advisory` or `disabled` to stop automatic changes; the stack policies still report.",
    url: DOCS,
    remediateResource: async (args) => {
        // Every resource of the stack passes here: resolving an account may ask STS.
        if (!remediates(args.type)) return undefined;
        const settings = parseSettings(args.getConfig<Record<string, unknown>>(), REMEDIATION_POLICY);
        const result = remediate({
            type: args.type,
            name: args.name,
            props: args.props,
            accountId: await resolveAccount(args.provider, settings),
            region: resolveRegion(read(plain(args.props), "region", args), args.provider),
            defaultTags: providerDefaultTags(args.provider),
        }, settings);
        // Logging added where the program declared none: the stack check names it in a conflict.
        if (result?.addedLogging) recordRemediation(args.urn);
        return result?.props;
    },
};

export const policies = [mandatoryPolicy, advisoryPolicy, remediationPolicy];
