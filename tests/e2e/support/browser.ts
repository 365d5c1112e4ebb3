/**
 * Headless Chromium (Debian's, driven by playwright-core) for the e2e tier. Shopify's CDN is
 * blocked: the embedded app must run entirely on the local App Bridge stand-in.
 */
import { mkdtemp } from "node:fs/promises";
import { mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from "playwright-core";

export const SCREENSHOT_DIR = path.resolve("tests/artifacts/screenshots");

export async function launchBrowser(): Promise<{ browser: BrowserContext; close(): Promise<void> }> {
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), "glint-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    viewport: { width: 1280, height: 900 },
    // Headless Chromium says "HeadlessChrome", which the Shopify library answers with 410 as a bot.
    userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36",
    // The app allows framing only by Shopify's admin origins; the local admin runs on 127.0.0.1.
    bypassCSP: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-dev-shm-usage",
    ],
  });
  await context.route(/cdn\.shopify\.com/, (route) => route.abort());
  return { browser: context, close: () => context.close() };
}

/** The embedded app's frame inside the local admin page. */
export async function appFrame(page: Page, timeoutMs = 30_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const frame = page.frames().find((f) => f !== page.mainFrame() && /\/app(\/|\?|$)/.test(new URL(f.url() || "about:blank", "http://x").pathname + "?"));
    if (frame) return frame;
    if (Date.now() > deadline) throw new Error(`no app frame in ${page.url()}; frames: ${page.frames().map((f) => f.url()).join(", ")}`);
    await page.waitForTimeout(100);
  }
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export type { Browser, BrowserContext, Frame, Page };
