/**
 * Helpers for the admin UI tests: open an app page inside the local admin, wait for Polaris to
 * settle, run axe on the app frame only, and read a product's media from the store simulator.
 */
import AxeBuilder from "@axe-core/playwright";
import type { Frame, Page } from "./browser";

/** Opens `/app{appPath}` through the local admin and returns the app's frame once its page heading shows. */
export async function openAppPage(page: Page, adminUrl: string, appPath: string, heading: string | RegExp): Promise<Frame> {
  await page.goto(`${adminUrl}${appPath}`);
  const frame = await waitForAppFrame(page, appPath);
  await frame.getByRole("heading", { name: heading, level: 1 }).first().waitFor({ timeout: 30_000 });
  await waitForStyles(frame);
  return frame;
}

/** Polaris' stylesheet applied, so a screenshot shows the page as a merchant sees it. */
export async function waitForStyles(frame: Frame): Promise<void> {
  await frame.waitForLoadState("load");
  await frame.waitForFunction(() => getComputedStyle(document.body).getPropertyValue("--p-color-bg").trim() !== "", undefined, { timeout: 15_000 });
}

/** The frame for an app path once the app navigated there by itself. */
export async function appFrameAt(page: Page, appPath: string, timeoutMs = 30_000): Promise<Frame> {
  return waitForAppFrame(page, appPath, timeoutMs);
}

/** Toasts shown through the App Bridge stand-in, newest last. */
export async function toasts(frame: Frame): Promise<string[]> {
  return frame.locator("[data-glint-sim=toasts] > *").allTextContents();
}

async function waitForAppFrame(page: Page, appPath: string, timeoutMs = 30_000): Promise<Frame> {
  const path = `/app${appPath}`.replace(/\?.*$/, "").replace(/\/$/, "") || "/app";
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const frame = page.frames().find((f) => f !== page.mainFrame() && new URL(f.url() || "about:blank", "http://x").pathname.replace(/\/$/, "") === path);
    if (frame) return frame;
    if (Date.now() > deadline) throw new Error(`no app frame for ${path}; frames: ${page.frames().map((f) => f.url()).join(", ")}`);
    await page.waitForTimeout(100);
  }
}

/** Serious and critical axe violations inside the app's iframe (the simulated admin around it is not ours). */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include(["#app-iframe", "body"]).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(" | ")}`);
}

export interface SimMedia {
  id: string;
  alt?: string | null;
}

/** The product's media as the store simulator holds it, in gallery order. */
export async function simProductMedia(shopifySimUrl: string, shopDomain: string, productGid: string): Promise<SimMedia[]> {
  const response = await fetch(`${shopifySimUrl}/_sim/shops/${shopDomain}/products/${encodeURIComponent(productGid)}`);
  if (!response.ok) throw new Error(`store simulator answered ${response.status} for ${productGid}`);
  const body = (await response.json()) as { media: SimMedia[] };
  return body.media;
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs: number, intervalMs = 1000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
