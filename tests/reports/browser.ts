import * as fs from "fs";
import * as path from "path";
import { BrowserContext, chromium, Page } from "playwright-core";
import { tempDir } from "./support";

/** Debian's Chromium, installed by scripts/setup.sh; never a downloaded browser. */
export const CHROMIUM = "/usr/bin/chromium";

/** Screenshots of the pages under test; git-ignored. */
export const SCREENSHOTS = path.join(__dirname, "screenshots");

/**
 * Headless Chromium with a fresh, throwaway profile: Playwright's own temporary profile of a
 * launched (not persistent) browser, which it deletes when the browser closes
 * (`context.browser().close()`). Without the background-networking flags Chromium tries to
 * reach Google's services, which a closed network refuses.
 */
export async function launchChromium(): Promise<BrowserContext> {
    const browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    return browser.newContext({ viewport: { width: 1400, height: 1000 } }).catch(async (e) => {
        await browser.close();
        throw e;
    });
}

/** A suite's Chromium and scratch folder (`name`), started before its tests, closed and removed after. */
export function useChromium(name: string): { context: () => BrowserContext; dir: () => string } {
    let context: BrowserContext | undefined;
    let dir: string | undefined;
    before(async () => {
        if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing; run scripts/setup.sh (installs Debian's chromium)`);
        dir = tempDir(name);
        context = await launchChromium();
    });
    after(async () => {
        try {
            await context?.browser()?.close();
        } finally {
            if (dir) fs.rmSync(dir, { recursive: true, force: true });
        }
    });
    return { context: () => context!, dir: () => dir! };
}

export interface OpenedPage {
    page: Page;
    /** Console errors and uncaught exceptions. */
    errors: string[];
    /** Every URL the page asked for besides itself. */
    requests: string[];
}

/** Opens a local file and records what goes wrong and what it fetches. */
export async function openFile(context: BrowserContext, file: string): Promise<OpenedPage> {
    const page = await context.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    const url = `file://${path.resolve(file)}`;
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("request", (r) => r.url() !== url && requests.push(r.url()));
    await page.goto(url, { waitUntil: "load" });
    return { page, errors, requests };
}
