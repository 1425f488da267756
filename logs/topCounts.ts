/**
 * Counts values and keeps the most frequent within a bounded memory: when more than twice
 * `capacity` distinct values are held, the rarest are dropped (counts of the top values stay
 * exact unless they were dropped early, the Space-Saving trade-off).
 */
export class TopCounts {
    private readonly counts = new Map<string, number>();

    constructor(private readonly capacity = 5000) {}

    add(value: string | null, by = 1): void {
        const key = value ?? "-";
        this.counts.set(key, (this.counts.get(key) ?? 0) + by);
        if (this.counts.size > 2 * this.capacity) this.prune();
    }

    private prune(): void {
        const kept = [...this.counts].sort((a, b) => b[1] - a[1]).slice(0, this.capacity);
        this.counts.clear();
        for (const [k, v] of kept) this.counts.set(k, v);
    }

    top(n: number): { value: string; count: number }[] {
        return [...this.counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, n).map(([value, count]) => ({ value, count }));
    }
}
