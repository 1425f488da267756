import * as http from "http";
import { AddressInfo } from "net";

/** A request as the proxy sees it. */
export interface ProxiedRequest {
    method: string;
    url: string;
    body: string;
}

/** An injected answer; undefined lets the request through. */
export type Fault = { status: number; body: string } | undefined;

export interface FaultProxy {
    endpoint: string;
    /** Requests answered by a fault, by the rule's label. */
    injected: Map<string, number>;
    close(): Promise<void>;
}

/**
 * An HTTP proxy on loopback in front of moto that answers some requests with faults moto
 * cannot produce (throttling, a refused AssumeRole) and forwards the rest unchanged.
 */
export function startFaultProxy(upstream: string, rules: Record<string, (req: ProxiedRequest) => Fault>): Promise<FaultProxy> {
    const target = new URL(upstream);
    const injected = new Map<string, number>();
    const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c) => chunks.push(c));
        req.on("end", () => {
            const body = Buffer.concat(chunks);
            const seen = { method: req.method ?? "GET", url: req.url ?? "/", body: body.toString("utf8") };
            for (const [label, rule] of Object.entries(rules)) {
                const fault = rule(seen);
                if (fault) {
                    injected.set(label, (injected.get(label) ?? 0) + 1);
                    res.writeHead(fault.status, { "content-type": "application/xml" }).end(fault.body);
                    return;
                }
            }
            const forward = http.request(
                { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
                (upstreamRes) => {
                    res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
                    upstreamRes.pipe(res);
                },
            );
            forward.on("error", (e) => res.writeHead(502).end(String(e)));
            forward.end(body);
        });
    });
    return new Promise((resolve) => {
        server.listen(0, "127.0.0.1", () => {
            const { port } = server.address() as AddressInfo;
            resolve({
                endpoint: `http://127.0.0.1:${port}`,
                injected,
                close: () => new Promise((r) => server.close(() => r())),
            });
        });
    });
}

/** S3's answer when throttling. */
export const SLOW_DOWN: Fault = {
    status: 503,
    body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>`,
};

/** S3's answer when the caller may not make the call. */
export const ACCESS_DENIED_S3: Fault = {
    status: 403,
    body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>`,
};

/** STS's answer when the role may not be assumed. */
export const ACCESS_DENIED_STS: Fault = {
    status: 403,
    body: `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User is not authorized to perform: sts:AssumeRole</Message></Error><RequestId>fault-proxy</RequestId></ErrorResponse>`,
};
