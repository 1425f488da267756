/** The report formats, apart from their writers so the CLI can list them without loading those. */
export const FORMATS = ["table", "json", "markdown", "sarif", "junit", "html", "ocsf", "asff"] as const;
export type Format = (typeof FORMATS)[number];
