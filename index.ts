import { main } from "./program/main";

// Pulumi runs the exported function and turns what it returns into stack outputs:
// `logBuckets` maps account ID → Region → log bucket name.
export = main;
