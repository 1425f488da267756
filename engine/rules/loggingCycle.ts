import { Rule } from "./rule";

export const loggingCycle: Rule = {
    id: "logging-cycle",
    severity: "critical",
    title: "Buckets log into each other",
    description: "A cycle A → B → A makes every delivered log object a logged request in turn: an endless loop across buckets.",
    check(bucket, graph) {
        const cycle = graph.cycles.get(bucket.name);
        if (!cycle) return undefined;
        const path = [...cycle, cycle[0]].join(" → ");
        return {
            message: `Bucket ${bucket.name} is on a logging cycle ${path}; send each bucket's logs to a log bucket that does not log.`,
            remediation: "Retarget the sources to the regional log bucket and stop the log bucket's own logging.",
            facts: { cycle },
        };
    },
};
