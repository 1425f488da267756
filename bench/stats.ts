/** Order statistics shared by the bench scripts. */

/**
 * The value at rank ⌊p/100 · n⌋ (0-based, capped at the last) of values sorted ascending: p95 of
 * 1,000 is the 951st. Not interpolated, so for p = 50 and an even count it is the upper middle
 * value; use `median` for a median.
 */
export function percentile(sorted: number[], p: number): number {
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** The median of values in any order: the middle one, or the mean of the two middle ones for an even count; NaN for none. */
export function median(values: number[]): number {
    if (values.length === 0) return NaN;
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
