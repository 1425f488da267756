const MINUTE = 60_000;
/** Bar widths a chart may use, smallest first. */
const STEPS = [1, 5, 15, 60, 360, 1440].map((m) => m * MINUTE);

/** Requests per time step, for the logs page's chart; counts per minute, so memory grows with the window, not the records. */
export class RequestsOverTime {
    private readonly perMinute = new Map<number, number>();

    add(isoTime: string, requests = 1): void {
        const minute = Math.floor(Date.parse(isoTime) / MINUTE) * MINUTE;
        if (Number.isFinite(minute)) this.perMinute.set(minute, (this.perMinute.get(minute) ?? 0) + requests);
    }

    /** At most `points` steps from the first to the last request, empty steps included. */
    series(points = 240): { time: string; requests: number }[] {
        if (this.perMinute.size === 0) return [];
        // Not Math.min(...minutes): a spread of 100,000 arguments and more overflows the stack.
        let first = Infinity;
        let last = -Infinity;
        for (const minute of this.perMinute.keys()) {
            first = Math.min(first, minute);
            last = Math.max(last, minute);
        }
        const step = STEPS.find((s) => (last - first) / s < points) ?? STEPS[STEPS.length - 1];
        const start = Math.floor(first / step) * step;
        const counts = new Array<number>(Math.floor((last - start) / step) + 1).fill(0);
        for (const [minute, n] of this.perMinute) counts[Math.floor((minute - start) / step)] += n;
        return counts.map((requests, i) => ({ time: new Date(start + i * step).toISOString(), requests }));
    }
}
