/**
 * The npm package's public API: the Pulumi components, the compliance engine, and the access-log
 * field list and parser. The Pulumi program (index.ts) and the CLI (bin/) are not part of it.
 */
export * from "./components";
export * from "./engine";
export { FieldKind, LOG_FIELDS, LogField, serdeRegex } from "./logs/fields";
export { LogRecord, MalformedLine, parseLine, parseLogTime, parseStream, ParseStats } from "./logs/parser";
