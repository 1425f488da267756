import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

// Constructing the pack starts the analyzer's gRPC server: keep policies in their own module.
new PolicyPack("s3-access-logging", { policies });
