import { LogRecord } from "./parser";
import { TopCounts } from "./topCounts";

export interface LogSummary {
    requests: number;
    from: string | null;
    to: string | null;
    bytesSent: number;
    byOperation: { value: string; count: number }[];
    byStatusClass: { value: string; count: number }[];
    byRequester: { value: string; count: number }[];
    byRemoteIp: { value: string; count: number }[];
    topKeys: { value: string; count: number }[];
    errorCodes: { value: string; count: number }[];
}

const STATUS_CLASS = ["0xx", "1xx", "2xx", "3xx", "4xx", "5xx"];

/** Aggregates records as they stream by, in bounded memory. */
export class Summarizer {
    private requests = 0;
    private bytes = 0;
    private from: string | null = null;
    private to: string | null = null;
    private readonly operation = new TopCounts();
    private readonly status = new TopCounts();
    private readonly requester = new TopCounts();
    private readonly ip = new TopCounts();
    private readonly key = new TopCounts();
    private readonly error = new TopCounts();

    add(r: LogRecord): void {
        this.requests++;
        this.bytes += r.bytesSent ?? 0;
        // ISO timestamps compare as text.
        if (this.from === null || r.time < this.from) this.from = r.time;
        if (this.to === null || r.time > this.to) this.to = r.time;
        this.operation.add(r.operation);
        this.status.add(r.httpStatus === null ? null : STATUS_CLASS[Math.floor(r.httpStatus / 100)] ?? "other");
        this.requester.add(r.requester);
        this.ip.add(r.remoteIp);
        if (r.key !== null) this.key.add(r.key);
        if (r.errorCode !== null) this.error.add(r.errorCode);
    }

    summary(top = 10): LogSummary {
        return {
            requests: this.requests,
            from: this.from,
            to: this.to,
            bytesSent: this.bytes,
            byOperation: this.operation.top(top),
            byStatusClass: this.status.top(top),
            byRequester: this.requester.top(top),
            byRemoteIp: this.ip.top(top),
            topKeys: this.key.top(top),
            errorCodes: this.error.top(top),
        };
    }
}
