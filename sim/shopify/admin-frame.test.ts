import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Frame, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestUrl, sendBytes, sendJson, startHttpServer, type RunningServer } from "../shared/http";
import { hostParam } from "./admin-frame";
import { startSimHarness, TEST_API_KEY, type SimHarness } from "./test-client";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

let h: SimHarness;
let app: RunningServer;
let adminUrl: string;

/** A stand-in embedded app: loads App Bridge from the simulator, declares a nav menu, has an API. */
function appPage(simUrl: string, body: string): string {
  return `<!doctype html><html><head><script data-api-key="${TEST_API_KEY}" src="${simUrl}/cdn/app-bridge.js"></script></head><body>${body}</body></html>`;
}

beforeAll(async () => {
  let simUrl = "";
  app = await startHttpServer(async (req, res) => {
    const url = requestUrl(req);
    if (url.pathname === "/api/whoami") {
      const token = (req.headers.authorization ?? "").replace(/^Bearer /, "");
      try {
        const payload = await h.shopify.session.decodeSessionToken(token);
        return sendJson(res, 200, { dest: payload.dest });
      } catch {
        return sendJson(res, 401, { error: "bad session token" });
      }
    }
    if (url.pathname === "/auth/session-token") return sendBytes(res, 200, appPage(simUrl, ""), "text/html");
    return sendBytes(res, 200, appPage(simUrl, `<h1>App ${url.pathname}</h1><ui-nav-menu><a href="/app" rel="home">Home</a><a href="/app/products">Products</a><a href="/app/billing">Billing</a></ui-nav-menu>`), "text/html");
  });
  h = await startSimHarness({ productCount: 5, options: { appUrl: app.url } });
  simUrl = h.sim.url;
  adminUrl = `${h.sim.url}/admin/store/${h.shop.handle}/apps/${TEST_API_KEY}`;
});
afterAll(async () => {
  await h.sim.close();
  await app.close();
});

describe("admin frame (HTTP)", () => {
  it("embeds the app with embedded=1, shop, a host the library accepts and a valid id_token", async () => {
    const html = await (await fetch(`${adminUrl}/products?tab=all`)).text();
    const src = /<iframe[^>]+src="([^"]+)"/.exec(html)![1].replace(/&#38;/g, "&");
    const url = new URL(src);
    expect(`${url.origin}${url.pathname}`).toBe(`${app.url}/app/products`);
    expect(url.searchParams.get("embedded")).toBe("1");
    expect(url.searchParams.get("tab")).toBe("all");
    expect(url.searchParams.get("shop")).toBe(h.shop.domain);
    expect(url.searchParams.get("host")).toBe(hostParam(h.shop.handle));
    expect(h.shopify.utils.sanitizeHost(url.searchParams.get("host")!)).toBe(url.searchParams.get("host"));
    expect(Buffer.from(url.searchParams.get("host")!, "base64").toString()).toBe(`admin.shopify.com/store/${h.shop.handle}`);
    const payload = await h.shopify.session.decodeSessionToken(url.searchParams.get("id_token")!);
    expect(payload.dest).toBe(`https://${h.shop.domain}`);
  });

  it("serves the App Bridge stand-in and a CORS-enabled session-token endpoint for the app origin", async () => {
    const script = await fetch(`${h.sim.url}/cdn/app-bridge.js`);
    expect(script.headers.get("content-type")).toContain("javascript");
    expect(await script.text()).toContain("window.shopify");
    const token = await fetch(`${h.sim.url}/_sim/session-token?shop=${h.shop.domain}`, { headers: { origin: app.url } });
    expect(token.headers.get("access-control-allow-origin")).toBe(app.url);
    expect((await fetch(`${h.sim.url}/admin/store/${h.shop.handle}/apps/wrong-key`)).status).toBe(404);
  });
});

describe.skipIf(!existsSync(CHROMIUM))("admin frame and App Bridge stand-in (Chromium)", () => {
  let context: BrowserContext;
  let userDataDir: string;
  let page: Page;

  beforeAll(async () => {
    userDataDir = await mkdtemp(path.join(os.tmpdir(), "glint-sim-chromium-"));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
    });
    page = await context.newPage();
  }, 60_000);
  afterAll(async () => {
    await context?.close();
    await rm(userDataDir, { recursive: true, force: true });
  });

  const appFrame = async (): Promise<Frame> => {
    await page.waitForFunction(() => document.querySelector("iframe")?.contentWindow !== undefined);
    const frame = await (await page.$("iframe#app-iframe"))!.contentFrame();
    await frame!.waitForFunction(() => (window as unknown as { shopify?: unknown }).shopify !== undefined);
    return frame!;
  };

  it("runs the app inside the admin: nav menu in the admin, session-token fetches, toasts, navigation", async () => {
    await page.goto(adminUrl);
    const frame = await appFrame();
    await page.locator("#app-nav a", { hasText: "Billing" }).waitFor();
    expect(await page.locator("#app-nav a").allTextContents()).toEqual(["Glint", "Products", "Billing"]);

    const whoami = await frame.evaluate(async () => (await fetch("/api/whoami")).json());
    expect(whoami).toEqual({ dest: `https://${h.shop.domain}` });
    const config = await frame.evaluate(() => (window as unknown as { shopify: { config: { apiKey: string; shop: string } } }).shopify.config);
    expect(config).toMatchObject({ apiKey: TEST_API_KEY, shop: h.shop.domain });

    await frame.evaluate(() => (window as unknown as { shopify: { toast: { show(m: string): void } } }).shopify.toast.show("Image published"));
    await frame.getByRole("status").filter({ hasText: "Image published" }).waitFor();

    await page.locator("#app-nav a", { hasText: "Products" }).click();
    await page.waitForURL(`${adminUrl}/products`);
    await page.frameLocator("#app-iframe").getByRole("heading", { name: "App /app/products" }).waitFor();
  }, 30_000);

  it("bounces through shopify-reload with a fresh id_token, and turns _top redirects into admin navigation", async () => {
    await page.goto(adminUrl);
    const frame = await appFrame();
    const reloadTo = `${app.url}/app/reloaded?shop=${h.shop.domain}`;
    await frame.evaluate((target) => location.assign(`/auth/session-token?shop=${new URL(target).searchParams.get("shop")}&shopify-reload=${encodeURIComponent(target)}`), reloadTo);
    await page.frameLocator("#app-iframe").getByRole("heading", { name: "App /app/reloaded" }).waitFor();
    const reloaded = new URL(page.frames().find((f) => f.url().includes("/app/reloaded"))!.url());
    expect((await h.shopify.session.decodeSessionToken(reloaded.searchParams.get("id_token")!)).dest).toBe(`https://${h.shop.domain}`);

    const frameAgain = (await (await page.$("iframe#app-iframe"))!.contentFrame())!;
    await frameAgain.evaluate((key) => window.open(`https://admin.shopify.com/store/glint-test/apps/${key}/billing`, "_top"), TEST_API_KEY);
    await page.waitForURL(`${adminUrl}/billing`);
  }, 30_000);
});
