import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { AuditReport } from "../../audit/report";
import { formatHtml } from "../../html/auditPage";
import { formatLogsHtml, LogsSummaryJson } from "../../html/logsPage";
import { openFile, useChromium } from "./browser";

/** Markup that runs script wherever it is not escaped: in text, in a quoted attribute, in a script element. */
const HOSTILE = `x"'><img src=x onerror="window.__ran=1"><script>window.__ran=2</script></script><!--<script>`;

const EMPTY_SUMMARY: LogsSummaryJson = {
    source: "access.log",
    stats: { objects: 1, lines: 4, records: 4, malformed: 0 },
    summary: { requests: 4, from: "2019-02-06T00:00:38.000Z", to: "2019-02-06T03:30:00.000Z", bytesSent: 400, byOperation: [], byStatusClass: [{ value: "2xx", count: 3 }, { value: "5xx", count: 1 }], byRequester: [{ value: "arn:aws:iam::1:user/alice", count: 4 }], byRemoteIp: [], topKeys: [], errorCodes: [] },
};

const report = (accountId: string, region: string): AuditReport => ({
    schemaVersion: 1, generatedAt: "2026-11-21T08:00:00.000Z",
    summary: { accounts: 1, buckets: 2, compliant: 1, nonCompliant: 1, exempt: 0, errors: 0 },
    buckets: [
        { accountId, region, bucket: "ok", status: "compliant", target: { bucket: "logs", prefix: "p/" } },
        { accountId, region, bucket: "bad", status: "non-compliant", target: null },
    ],
    findings: [{ ruleId: "logging-disabled", severity: "high", accountId, region, bucket: "bad", target: null, message: "Server access logging is disabled.", remediation: "Enable it." } as AuditReport["findings"][number]],
    unevaluated: [],
    errors: [],
});

describe("HTML pages: hostile input, the Content-Security-Policy, size and text alternatives (headless Chromium)", function () {
    this.timeout(120_000);
    const pages = useChromium("html-safety");

    const open = async (name: string, html: string) => {
        const file = path.join(pages.dir(), name);
        fs.writeFileSync(file, html);
        const opened = await openFile(pages.context(), file);
        const ran = await opened.page.evaluate(() => (globalThis as { __ran?: number }).__ran);
        return { ...opened, ran };
    };

    it("audit page: account IDs and Regions of a report (merge reads any JSON file) are text in the grid, never markup", async () => {
        const { page, ran, requests } = await open("grid.html", formatHtml(report(`111111111111${HOSTILE}`, `eu-west-1${HOSTILE}`)));
        assert.equal(ran, undefined, "no injected script ran");
        assert.deepEqual(requests, [], "nothing fetched");
        assert.equal(await page.locator("main img").count(), 0);
        const cells = await page.evaluate(() => [...(globalThis as any).document.querySelectorAll("[data-cell]")].map((c: any) => [c.dataset.cell, c.dataset.nonCompliant]));
        assert.deepEqual(cells, [[`111111111111${HOSTILE}/eu-west-1${HOSTILE}`, "1"]]);
        await page.close();
    });

    it("the Content-Security-Policy runs only the page's own scripts: markup that slipped past escaping runs nothing", async () => {
        const html = formatHtml(report("111111111111", "eu-west-1")).replace("<main>", `<main><img src="data:," onerror="window.__ran=1"><script>window.__ran=2</script><div onclick="window.__ran=3" id="clickme">x</div>`);
        const { page, ran, errors } = await open("csp.html", html);
        await page.click("#clickme");
        assert.equal(ran, undefined);
        assert.equal(await page.evaluate(() => (globalThis as { __ran?: number }).__ran), undefined);
        // The page's own scripts still ran: Chart.js drew, the table script counted.
        assert.equal(await page.evaluate(() => (globalThis as any).Chart.getChart("status-chart").data.datasets[0].data.length), 4);
        assert.equal(await page.locator("#finding-count").innerText(), "1 of 1");
        assert.ok(errors.every((e) => /Content Security Policy/.test(e)), errors.join("\n"));
        await page.close();
    });

    it("logs page: a catalogue answer of 50,000 rows (a day of batch deletes) shows the first 1,000, says how many there are and how to get them all, and loads fast", async () => {
        const rows = Array.from({ length: 50_000 }, (_, i) => ["2019-02-06T00:00:00.000Z", "arn:aws:iam::1:user/batch", "192.0.2.1", "BATCH.DELETE.OBJECT", `key/${i}`, null, 204]);
        const html = formatLogsHtml({ report: EMPTY_SUMMARY, answers: [{ name: "deletes", title: "Who deleted which objects, newest first", columns: ["request_time", "requester", "remoteip", "operation", "key", "versionid", "httpstatus"], rows }] });
        assert.ok(html.length < 2_000_000, `${html.length} characters`);
        const started = Date.now();
        const { page, errors } = await open("many-rows.html", html);
        assert.ok(Date.now() - started < 15_000, `loaded in ${Date.now() - started} ms`);
        assert.deepEqual(errors, []);
        const answer = page.locator('[data-answer="deletes"]');
        assert.equal(await answer.locator("tbody tr").count(), 1000);
        assert.match(await page.locator("section", { hasText: "Security questions" }).innerText(), /first 1,000 of 50,000 rows[\s\S]*--query deletes --format csv/);
        await page.close();
    });

    it("charts have text alternatives: each canvas is an image named by its title and its numbers", async () => {
        const audit = await open("a11y-audit.html", formatHtml(report("111111111111", "eu-west-1")));
        assert.equal(await audit.page.getByRole("img", { name: "Buckets by status: compliant 1, non-compliant 1, exempt 0, could not evaluate 0" }).count(), 1);
        assert.equal(await audit.page.getByRole("img", { name: "Findings by rule and severity: logging-disabled 1 high" }).count(), 1);
        await audit.page.close();
        const logs = await open("a11y-logs.html", formatLogsHtml({ report: EMPTY_SUMMARY, timeline: [{ time: "2019-02-06T00:00:00.000Z", requests: 4 }] }));
        assert.equal(await logs.page.getByRole("img", { name: "Status classes: 2xx 3; 5xx 1" }).count(), 1);
        assert.equal(await logs.page.getByRole("img", { name: "Top requesters: arn:aws:iam::1:user/alice 4" }).count(), 1);
        assert.equal(await logs.page.getByRole("img", { name: "Top keys: none" }).count(), 1);
        assert.equal(await logs.page.getByRole("img", { name: /^Requests over time: 4 requests from 2019-02-06T00:00:38.000Z to 2019-02-06T03:30:00.000Z/ }).count(), 1);
        await logs.page.close();
    });
});
