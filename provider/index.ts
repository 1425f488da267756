// The multi-language component provider. Pulumi's run-plugin loads this folder, hosts every
// component it exports, and infers their schema from the TypeScript source of their Args.
export { AccountLogBuckets, BucketAccessLogging, RegionalLogBucket } from "../components";
