import { evaluate, Evaluation, RULES } from "../engine";
import { PackSettings } from "./settings";
import { StackResource, stackFacts } from "./stackFacts";

export interface StackEvaluation {
    evaluation: Evaluation;
    /** Bucket → URN to report its findings on. */
    urnOf: Map<string, string>;
}

/**
 * The evaluation of the stack being analyzed. The policy SDK calls the pack's stack policies one
 * after the other within one `analyzeStack` request, each with the same resources; the first
 * evaluates and the others reuse its result. It is kept until the event loop turns after it
 * settles: the next policy of the same request starts before that, a later request after it.
 */
let current: { key: string; result: Promise<StackEvaluation> } | undefined;

/** Same resources and same settings; resource identity is per policy in the SDK, so compare URNs. */
function keyOf(resources: StackResource[], settings: PackSettings): string {
    return `${JSON.stringify(settings)}\n${resources.length}\n${resources.map((r) => r.urn).join("\n")}`;
}

export function evaluateStack(resources: StackResource[], settings: PackSettings): Promise<StackEvaluation> {
    const key = keyOf(resources, settings);
    if (current?.key === key) return current.result;
    const result = stackFacts(resources, settings).then(({ facts, urnOf }) => ({
        evaluation: evaluate(facts, { rules: RULES.filter((r) => settings.rules[r.id] !== "disabled").map((r) => r.id) }),
        urnOf,
    }));
    const entry = { key, result };
    current = entry;
    const forget = () => setImmediate(() => {
        if (current === entry) current = undefined;
    });
    result.then(forget, forget);
    return result;
}
