import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { AuditReport } from "../../audit/report";
import { formatHtml } from "../../html/auditPage";
import { formatLogsHtml, LogsSummaryJson } from "../../html/logsPage";
import { seedDemoOrganization } from "../../demo/seedOrganization";
import { cli, useMoto } from "../audit/support";
import { openFile, SCREENSHOTS, useChromium } from "./browser";
import { readReport } from "./support";

const LINE = (status: number, key: string, time: string, ip: string, requester: string) =>
    `owner app [${time} +0000] ${ip} ${requester} REQ REST.GET.OBJECT ${key} "GET /app/${key} HTTP/1.1" ${status} ${status >= 400 ? "NoSuchKey" : "-"} 100 - 1 1 "-" "ua" - host SigV4 - AuthHeader app.s3.amazonaws.com TLSv1.3 - -`;

describe("HTML pages in headless Chromium", function () {
    this.timeout(180_000);
    const { moto } = useMoto();
    const pages = useChromium("html");
    before(() => fs.mkdirSync(SCREENSHOTS, { recursive: true }));

    const metric = (page: import("playwright-core").Page, name: string) => page.locator(`[data-metric="${name}"] b`).innerText();

    it("audit page: numbers equal the JSON report's, charts drawn, the findings table filters and sorts", async () => {
        await seedDemoOrganization(moto().endpoint);
        const json = path.join(pages.dir(), "audit.json");
        const html = path.join(pages.dir(), "audit.html");
        assert.equal((await cli(moto().endpoint, ["audit", "--format", "json", "--output", json])).code, 1);
        assert.equal((await cli(moto().endpoint, ["audit", "--format", "html", "--output", html])).code, 1);
        const report = readReport(json);
        const { page, errors, requests } = await openFile(pages.context(), html);
        await page.screenshot({ path: path.join(SCREENSHOTS, "audit.png"), fullPage: true });
        assert.deepEqual(errors, []);
        assert.deepEqual(requests, [], "the page fetches nothing");

        const s = report.summary;
        for (const [name, value] of Object.entries({ accounts: s.accounts, buckets: s.buckets, compliant: s.compliant, nonCompliant: s.nonCompliant, exempt: s.exempt, errors: s.errors, findings: report.findings.length, unevaluated: report.unevaluated.length })) {
            assert.equal(await metric(page, name), String(value), name);
        }
        // The grid: non-compliant buckets per account and Region.
        for (const b of report.buckets) {
            const expected = report.buckets.filter((x) => x.accountId === b.accountId && x.region === b.region && x.status === "non-compliant").length;
            assert.equal(await page.locator(`[data-cell="${b.accountId}/${b.region}"]`).getAttribute("data-non-compliant"), String(expected));
        }
        // The charts were drawn from the same numbers.
        const charted = await page.evaluate(() => {
            const chart = (id: string) => (globalThis as any).Chart.getChart(id);
            return {
                findings: chart("rule-chart").data.datasets.flatMap((d: { data: number[] }) => d.data).reduce((a: number, b: number) => a + b, 0),
                buckets: chart("status-chart").data.datasets[0].data.reduce((a: number, b: number) => a + b, 0),
            };
        });
        assert.deepEqual(charted, { findings: report.findings.length, buckets: s.buckets });

        // Filtering: by text, by severity, both; the count follows.
        const rows = page.locator("#findings tbody tr:visible");
        assert.equal(await rows.count(), report.findings.length);
        const bucket = report.findings[0].bucket;
        await page.fill("#finding-filter", bucket);
        assert.equal(await rows.count(), report.findings.filter((f) => f.bucket === bucket || f.message.includes(bucket) || f.target?.bucket === bucket).length);
        await page.fill("#finding-filter", "");
        await page.selectOption("#severity-filter", "critical");
        const critical = report.findings.filter((f) => f.severity === "critical").length;
        assert.ok(critical > 0);
        assert.equal(await rows.count(), critical);
        assert.equal(await page.locator("#finding-count").innerText(), `${critical} of ${report.findings.length}`);
        await page.screenshot({ path: path.join(SCREENSHOTS, "audit-filtered.png"), fullPage: true });
        await page.selectOption("#severity-filter", "");
        // Sorting by bucket.
        await page.locator("#findings th", { hasText: "bucket" }).click();
        const sorted = await page.locator("#findings tbody tr td:nth-child(5)").allInnerTexts();
        assert.deepEqual(sorted, [...sorted].sort((a, b) => a.localeCompare(b, undefined, { numeric: true })));
        // Every finding shows its fix.
        assert.equal(await page.locator("#findings .fix").count(), report.findings.length);
        await page.close();
    });

    it("audit page: errors and could-not-evaluate entries show as such, never as compliant", async () => {
        const report: AuditReport = {
            schemaVersion: 1, generatedAt: "2026-11-21T08:00:00.000Z",
            summary: { accounts: 2, buckets: 2, compliant: 1, nonCompliant: 0, exempt: 0, errors: 1 },
            buckets: [
                { accountId: "111111111111", region: "eu-west-1", bucket: "ok", status: "compliant", target: { bucket: "logs", prefix: "p/" } },
                { accountId: "111111111111", region: "us-east-1", bucket: "denied", status: "error", target: null },
            ],
            findings: [],
            unevaluated: [{ ruleId: "logging-disabled", accountId: "111111111111", region: "us-east-1", bucket: "denied", reason: "logging configuration: GetBucketLogging: AccessDenied" }],
            errors: [{ accountId: "222222222222", region: null, bucket: null, operation: "AssumeRole", message: "AccessDenied: not authorized" }],
        };
        const file = path.join(pages.dir(), "errors.html");
        fs.writeFileSync(file, formatHtml(report));
        const { page, errors } = await openFile(pages.context(), file);
        await page.screenshot({ path: path.join(SCREENSHOTS, "audit-errors.png"), fullPage: true });
        assert.deepEqual(errors, []);
        assert.equal(await metric(page, "unevaluated"), "1");
        assert.equal(await metric(page, "errors"), "1");
        assert.match(await page.locator('[data-cell="111111111111/us-east-1"]').innerText(), /1 could not evaluate/);
        assert.equal(await page.locator('[data-cell="111111111111/us-east-1"]').getAttribute("class"), "cell-error");
        assert.match(await page.locator('[data-cell="222222222222/eu-west-1"]').innerText(), /could not read/);
        const problems = await page.locator("#problems").innerText();
        assert.match(problems, /could not evaluate logging-disabled/);
        assert.match(problems, /AssumeRole/);
        const statuses = await page.evaluate(() => (globalThis as any).Chart.getChart("status-chart").data);
        assert.equal(statuses.datasets[0].data[statuses.labels.indexOf("could not evaluate")], 1);
        await page.close();
    });

    it("logs page: numbers equal the JSON summary's; charts, top lists and catalogue answers", async () => {
        const log = path.join(pages.dir(), "access.log");
        const lines = [
            LINE(200, "a", "06/Feb/2019:00:00:38", "192.0.2.1", "arn:aws:iam::1:user/alice"),
            LINE(200, "a", "06/Feb/2019:00:10:38", "192.0.2.1", "arn:aws:iam::1:user/alice"),
            LINE(404, "b", "06/Feb/2019:01:00:00", "192.0.2.2", "arn:aws:iam::1:user/bob"),
            LINE(503, "c", "06/Feb/2019:03:30:00", "198.51.100.7", "-"),
        ];
        fs.writeFileSync(log, lines.join("\n") + "\n");
        const html = path.join(pages.dir(), "logs.html");
        const json = await cli(undefined, ["logs", "--file", log, "--since", "36500d", "--format", "json"]);
        assert.equal((await cli(undefined, ["logs", "--file", log, "--since", "36500d", "--format", "html", "--output", html])).code, 0);
        const summary: LogsSummaryJson = JSON.parse(json.out);
        const { page, errors, requests } = await openFile(pages.context(), html);
        await page.screenshot({ path: path.join(SCREENSHOTS, "logs.png"), fullPage: true });
        assert.deepEqual(errors, []);
        assert.deepEqual(requests, []);
        assert.equal(await metric(page, "requests"), String(summary.summary.requests));
        assert.equal(await metric(page, "records"), String(summary.stats.records));
        assert.equal(await metric(page, "errorRequests"), "2");
        const charts = await page.evaluate(() => {
            const data = (id: string) => (globalThis as any).Chart.getChart(id).data;
            const sum = (id: string) => data(id).datasets[0].data.reduce((a: number, b: number) => a + b, 0);
            return { time: sum("time-chart"), status: data("status-chart").labels, ips: data("ip-chart").labels, requesters: sum("requester-chart") };
        });
        assert.equal(charts.time, summary.summary.requests);
        assert.deepEqual(charts.status, summary.summary.byStatusClass.map((c) => c.value));
        assert.deepEqual(charts.ips, summary.summary.byRemoteIp.map((c) => c.value));
        assert.equal(charts.requesters, summary.summary.byRequester.reduce((n, c) => n + c.count, 0));
        const keys = await page.locator("#keys tbody tr").allInnerTexts();
        assert.deepEqual(keys.map((k) => k.split("\t")[0]), summary.summary.topKeys.map((k) => k.value));
        // The CLI answers every question of the catalogue over the selected records.
        const questions = await page.locator("section", { hasText: "Security questions" }).innerText();
        assert.match(questions, /Failed requests \(4xx, 5xx\) by error code[\s\S]*NoSuchKey\t404[\s\S]*NoSuchKey\t503/);
        assert.match(questions, /Who deleted which objects, newest first[\s\S]*No rows/);
        assert.match(questions, /anonymous[\s\S]*198\.51\.100\.7/i);
        await page.close();

        // With the catalogue's answers, each is a table.
        const withAnswers = path.join(pages.dir(), "logs-answers.html");
        fs.writeFileSync(withAnswers, formatLogsHtml({ report: summary, answers: [
            { name: "denied-requests", title: "Who was denied?", columns: ["requester", "requests"], rows: [["arn:aws:iam::1:user/bob", 1]] },
            { name: "deletes", title: "What was deleted?", columns: ["key", "requester"], rows: [] },
        ] }));
        const second = await openFile(pages.context(), withAnswers);
        assert.deepEqual(second.errors, []);
        assert.match(await second.page.locator('[data-answer="denied-requests"]').innerText(), /user\/bob\s+1/);
        assert.match(await second.page.locator("section", { hasText: "Security questions" }).innerText(), /What was deleted\?[\s\S]*No rows/);
        await second.page.close();
    });
});
