import { BucketFacts, LoggingConfig } from "./facts";
import { isUnknown } from "./known";

/** The logging configuration if it is known and on. */
export function activeLogging(bucket: BucketFacts): LoggingConfig | undefined {
    return isUnknown(bucket.logging) || bucket.logging === null ? undefined : bucket.logging;
}

/**
 * Buckets and their logging edges. Each bucket logs to at most one target, so the graph is
 * functional: cycles are found in one linear pass.
 */
export class BucketGraph {
    private readonly byName = new Map<string, BucketFacts>();
    private readonly sourcesByTarget = new Map<string, string[]>();
    /** For each bucket on a cycle of length ≥ 2, the cycle starting from it. */
    readonly cycles = new Map<string, string[]>();

    constructor(facts: Iterable<BucketFacts>) {
        for (const bucket of facts) {
            if (this.byName.has(bucket.name)) throw new Error(`bucket ${bucket.name} appears twice in the facts`);
            this.byName.set(bucket.name, bucket);
        }
        for (const bucket of this.byName.values()) {
            const target = activeLogging(bucket)?.targetBucket;
            if (target !== undefined && target !== bucket.name) {
                const sources = this.sourcesByTarget.get(target) ?? [];
                sources.push(bucket.name);
                this.sourcesByTarget.set(target, sources);
            }
        }
        this.findCycles();
    }

    get buckets(): IterableIterator<BucketFacts> {
        return this.byName.values();
    }

    get(name: string): BucketFacts | undefined {
        return this.byName.get(name);
    }

    /** Other buckets that log into `name`. */
    sourcesOf(name: string): readonly string[] {
        return this.sourcesByTarget.get(name) ?? [];
    }

    /** Designated log buckets and targets of other buckets need not log themselves. */
    isLogBucket(bucket: BucketFacts): boolean {
        return bucket.designatedLogBucket || this.sourcesOf(bucket.name).length > 0;
    }

    private next(name: string): string | undefined {
        const bucket = this.byName.get(name);
        const target = bucket && activeLogging(bucket)?.targetBucket;
        return target !== undefined && this.byName.has(target) ? target : undefined;
    }

    private findCycles(): void {
        const done = new Set<string>();
        for (const start of this.byName.keys()) {
            const path: string[] = [];
            const onPath = new Map<string, number>();
            let node: string | undefined = start;
            while (node !== undefined && !done.has(node) && !onPath.has(node)) {
                onPath.set(node, path.length);
                path.push(node);
                node = this.next(node);
            }
            if (node !== undefined && onPath.has(node)) {
                const cycle = path.slice(onPath.get(node)!);
                if (cycle.length >= 2) {
                    cycle.forEach((member, i) => this.cycles.set(member, [...cycle.slice(i), ...cycle.slice(0, i)]));
                }
            }
            path.forEach((n) => done.add(n));
        }
    }
}
