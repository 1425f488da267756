/**
 * Counts values and keeps the most frequent within a bounded memory: when more than twice
 * `capacity` distinct values are held, the rarest are dropped (counts of the top values stay
 * exact unless they were dropped early, the Space-Saving trade-off).
 */
export class TopCounts {
    private readonly counts = new Map<string, number>();

    constructor(private readonly capacity = 2000) {}

    add(value: string | null, by = 1): void {
        const key = value ?? "-";
        this.counts.set(key, (this.counts.get(key) ?? 0) + by);
        if (this.counts.size > 2 * this.capacity) this.prune();
    }

    /** Drops every value counted less than the `capacity`-th largest count (numbers sort fast). */
    private prune(): void {
        const sorted = Float64Array.from(this.counts.values()).sort();
        const threshold = sorted[sorted.length - this.capacity];
        for (const [k, v] of this.counts) if (v < threshold) this.counts.delete(k);
        // Ties at the threshold can keep more than `capacity`; thin them to bound memory.
        if (this.counts.size > this.capacity * 1.5) {
            let excess = this.counts.size - this.capacity;
            for (const [k, v] of this.counts) if (v === threshold && excess-- > 0) this.counts.delete(k);
        }
    }

    /** Distinct values held now: at most twice the capacity. */
    get size(): number {
        return this.counts.size;
    }

    top(n: number): { value: string; count: number }[] {
        return [...this.counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, n).map(([value, count]) => ({ value, count }));
    }
}
