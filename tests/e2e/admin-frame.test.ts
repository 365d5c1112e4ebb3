import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appFrame, launchBrowser, screenshot, type BrowserContext } from "./support/browser";
import { startTestStack } from "./support/stack";

describe("the app embedded in the local Shopify admin", () => {
  let stack: Awaited<ReturnType<typeof startTestStack>>;
  let browser: { browser: BrowserContext; close(): Promise<void> };

  beforeAll(async () => {
    stack = await startTestStack();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.teardown();
  });

  it("opens inside the admin frame, authenticates with a session token and renders Polaris", async () => {
    const page = await browser.browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(stack.adminUrl);
    const frame = await appFrame(page);
    await frame.getByRole("heading", { name: "Glint" }).first().waitFor({ timeout: 30_000 });
    expect(await frame.locator(".Polaris-Page").count()).toBeGreaterThan(0);
    expect(frame.url()).toContain("embedded=1");
    await screenshot(page, "home");
    expect(errors).toEqual([]);
  });
});
