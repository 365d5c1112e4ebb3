/**
 * The video and publishing screens in the embedded admin, against the simulators: the Channels
 * page before any account is connected, and the studio's three video dialogs (one product video,
 * a video from several photos, a presenter video with its drafted script), each showing the
 * credits needed against the balance before anything is confirmed. Screenshotted and checked with axe.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Locator } from "playwright-core";
import { launchBrowser, screenshot, type BrowserContext, type Page } from "./support/browser";
import { startTestStack } from "./support/stack";
import { openAppPage, seriousA11yViolations } from "./support/ui";

/** The server's quote has arrived: credits needed and balance are numbers and the dialog can be confirmed. */
async function quoted(dialog: Locator): Promise<void> {
  await dialog.getByText(/^\d[\d,]* credits?$/).first().waitFor();
  await dialog.getByRole("button", { name: "Make video" }).and(dialog.locator("button:not([disabled]):not([aria-disabled=true])")).waitFor();
}

describe("admin UI: video dialogs and channels", () => {
  let stack: Awaited<ReturnType<typeof startTestStack>>;
  let browser: { browser: BrowserContext; close(): Promise<void> };
  let page: Page;
  let productPath: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    stack = await startTestStack();
    browser = await launchBrowser();
    page = await browser.browser.newPage();
    page.on("pageerror", (e) => pageErrors.push(`${e.message} (on ${new URL(page.url()).pathname})`));
    // The first open installs the app and grants the trial credits.
    await openAppPage(page, stack.adminUrl, "", "Glint");
    const productId = [...stack.sims.shopify.store.requireShop(stack.shopDomain).products.keys()][0];
    productPath = `/products/${productId}`;
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.teardown();
  });

  it("shows TikTok and YouTube ready to connect on the Channels page", async () => {
    const frame = await openAppPage(page, stack.adminUrl, "/channels", "Channels");
    await frame.getByRole("button", { name: "Connect TikTok" }).waitFor();
    await frame.getByRole("button", { name: "Connect YouTube" }).waitFor();
    await frame.getByText("No videos published yet").waitFor();
    await screenshot(page, "ui-channels-empty");
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it("prices a product video before it is made", async () => {
    const frame = await openAppPage(page, stack.adminUrl, productPath, /.+/);
    await frame.getByRole("button", { name: "Make a video", exact: true }).click();
    const dialog = frame.getByRole("dialog");
    await dialog.getByText(/Make a video of/).waitFor();
    await quoted(dialog);
    await screenshot(page, "ui-studio-make-video");
    expect(await seriousA11yViolations(page)).toEqual([]);
    await dialog.getByRole("button", { name: "Cancel" }).click();
  });

  it("offers the product's photos for a video from several photos", async () => {
    const frame = await openAppPage(page, stack.adminUrl, productPath, /.+/);
    // Polaris rolls page actions into "More actions" when the header is too narrow for them all.
    const more = frame.getByRole("button", { name: "More actions" });
    if (await more.isVisible()) await more.click();
    await frame.locator("button:visible, [role=menuitem]:visible", { hasText: "Video from several photos" }).first().click();
    const dialog = frame.getByRole("dialog");
    await dialog.getByText(/Video from photos of/).waitFor();
    // The product's photos arrive from the server after the dialog opens: wait for two of them.
    const photos = dialog.getByRole("checkbox", { name: /^(?!Show the product title)/ });
    await photos.nth(1).waitFor({ state: "attached" });
    for (const n of [0, 1]) await photos.nth(n).check({ force: true });
    await quoted(dialog);
    await screenshot(page, "ui-studio-multi-photo-video");
    expect(await seriousA11yViolations(page)).toEqual([]);
    await dialog.getByRole("button", { name: "Cancel" }).click();
  });

  it("drafts a presenter script the merchant can edit, with the credits shown before approval", async () => {
    const frame = await openAppPage(page, stack.adminUrl, productPath, /.+/);
    await frame.getByRole("button", { name: "Make a presenter video" }).click();
    const dialog = frame.getByRole("dialog");
    await dialog.getByRole("button", { name: "Write the script" }).click();
    await dialog.getByRole("button", { name: /Approve script & render/ }).waitFor({ timeout: 60_000 });
    await dialog.getByText(/Credits needed/).waitFor();
    const editable = dialog.getByRole("textbox");
    expect(await editable.count()).toBeGreaterThan(0);
    await screenshot(page, "ui-studio-presenter-script");
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it("raised no uncaught errors in the browser", () => {
    expect(pageErrors).toEqual([]);
  });
});
