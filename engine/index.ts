/**
 * The compliance engine: pure functions over bucket facts, shared by the policy pack and the
 * organization-wide audit. No Pulumi or AWS SDK imports here.
 */
export * from "./bucketNames";
export * from "./cannedAcl";
export * from "./delivery";
export * from "./deliveryPolicy";
export * from "./evaluate";
export * from "./facts";
export * from "./graph";
export * from "./known";
export * from "./naming";
export * from "./policyDocument";
export * from "./regions";
export * from "./rules";
export * from "./inputs";
export * from "./logBucketSpec";
export * from "./exemption";
