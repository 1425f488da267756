import { isUnknown, Known } from "./known";
import { wildcardMatch } from "./policyDocument";

/** What exempts a bucket from the rules, and how the front end calls the pattern setting in reports. */
export interface Exemptions {
    /** Bucket-name patterns (`*`, `?`). */
    patterns: string[];
    /** Tag key → value; value `*` matches any value. */
    tags: Record<string, string>;
    /** The setting's name as the user wrote it (`exemptBuckets`, `--exclude-buckets`). */
    patternSetting: string;
}

/** Why the bucket is exempt, or undefined. Unknown tags exempt nothing. */
export function exemptionOf(name: string, tags: Known<Record<string, string>> | undefined, exemptions: Exemptions): string | undefined {
    const pattern = exemptions.patterns.find((p) => wildcardMatch(p, name));
    if (pattern) return `matches ${exemptions.patternSetting} ${pattern}`;
    if (tags === undefined || isUnknown(tags)) return undefined;
    const tag = Object.entries(exemptions.tags).find(([k, v]) => tags[k] !== undefined && (v === "*" || tags[k] === v));
    return tag ? `tagged ${tag[0]}=${tags[tag[0]]}` : undefined;
}
