// Browser-test plumbing: a gateway with the dashboard mounted, and Debian's chromium driven by
// playwright-core (never `playwright install`). Without chromium the tests fail loudly: CI
// installs it, so a silent skip would hide a broken dashboard.
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import type { GatewayConfig } from "../../src/config.js";
import { mountDashboard } from "../../src/web/serve.js";
import { startTestGateway, type TestGateway } from "../helpers/gateway.js";

export const CHROMIUM = process.env.OPENTT_CHROMIUM ?? "/usr/bin/chromium";
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const SCREENSHOTS = path.join(ROOT, "test-results/screenshots");

export interface BrowserRig {
  t: TestGateway;
  browser: Browser;
  close(): Promise<void>;
}

/** Starts a gateway serving the built dashboard and a headless chromium; close() stops both. */
export async function startRig(overrides: Partial<GatewayConfig> = {}): Promise<BrowserRig> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Browser tests need chromium at ${CHROMIUM}: run \`apt-get install -y chromium\` (or set OPENTT_CHROMIUM).`,
    );
  }
  if (!existsSync(path.join(ROOT, "web/dist/index.html"))) {
    throw new Error("The dashboard is not built: run `npm run build:web` before the browser tests.");
  }
  const t = await startTestGateway(overrides, { extraRoutes: mountDashboard });
  let browser: Browser;
  try {
    // playwright gives every launch a fresh temporary profile (--user-data-dir) of its own.
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
  } catch (e) {
    await t.stop();
    throw e;
  }
  return {
    t,
    browser,
    close: async () => {
      await browser.close().catch(() => undefined);
      await t.stop();
    },
  };
}

/** A fresh browser context (own localStorage) and page, optionally already holding a token. */
export async function openPage(
  rig: BrowserRig,
  opts: { token?: string; viewport?: { width: number; height: number }; hash?: string; locale?: string } = {},
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  // The browser's language picks the dashboard's (en-US unless a test asks for another).
  const context = await rig.browser.newContext({
    viewport: opts.viewport ?? { width: 1280, height: 800 },
    locale: opts.locale ?? "en-US",
  });
  const page = await context.newPage();
  // Uncaught errors in the page fail the test that opened it (checked in afterEach).
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  // So do Content-Security-Policy refusals (the gateway's CSP allows same-origin code only).
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy/i.test(m.text())) errors.push(m.text());
  });
  const hash = opts.token ? `#token=${opts.token}` : (opts.hash ?? "");
  await page.goto(`${rig.t.base}/${hash}`);
  if (opts.hash && opts.token) await page.evaluate((h) => (location.hash = h), opts.hash);
  return { context, page, errors };
}

/** Saves a full-page screenshot as a test artifact (test-results/ is git-ignored). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
