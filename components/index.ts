export * from "./accessLogAthena";
export * from "./accountLogBuckets";
export * from "./bucketAccessLogging";
export * from "./keyFormat";
export * from "./logNaming";
export * from "./regionalLogBucket";
