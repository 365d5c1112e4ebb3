/**
 * The merchant's main path through the embedded admin, against the simulators: empty pages on a
 * fresh shop, a bulk generation on 5 products from the Products page watched to completion on
 * Jobs, two results approved in the studio and published (checked in the store simulator), one
 * product reverted (checked again), the clear block when a run costs more than the balance, the
 * product list filtered by collection, a result regenerated from an edited prompt, and a product's
 * images grouped by colour. Every page is screenshotted and checked with axe.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot, type BrowserContext, type Page } from "./support/browser";
import { startTestStack } from "./support/stack";
import { createDb } from "../../app/db.server";
import { getBalance } from "../../app/billing/ledger.server";
import { appFrameAt, openAppPage, seriousA11yViolations, simProductMedia, toasts, waitFor, waitForStyles } from "./support/ui";

describe("admin UI: bulk generation, review, publish and revert", () => {
  let stack: Awaited<ReturnType<typeof startTestStack>>;
  let browser: { browser: BrowserContext; close(): Promise<void> };
  let page: Page;
  const pageErrors: string[] = [];
  let generatedProducts: string[] = [];
  let reviewable: string[] = [];

  beforeAll(async () => {
    stack = await startTestStack();
    browser = await launchBrowser();
    page = await browser.browser.newPage();
    page.on("pageerror", (e) => pageErrors.push(`${e.message} (on ${new URL(page.url()).pathname})`));
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.teardown();
  });

  it("shows a first-run home with credits, onboarding and nothing in progress", async () => {
    // The first open installs the app (and grants the free trial credits); what a merchant sees is the reload.
    await openAppPage(page, stack.adminUrl, "", "Glint");
    const frame = await openAppPage(page, stack.adminUrl, "", "Glint");
    await frame.getByText("Get started in two steps").waitFor();
    const db = createDb(stack.env.DATABASE_URL, { maxConnections: 1 });
    const shop = await db.shop.findUniqueOrThrow({ where: { domain: stack.shopDomain } });
    const balance = await getBalance(db, shop.id);
    await db.$disconnect();
    expect(balance).toBeGreaterThan(0);
    await frame.getByText(balance.toLocaleString("en-US"), { exact: true }).waitFor();
    await frame.getByText("Nothing is running right now.").waitFor();
    await screenshot(page, "ui-home-first-run");
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it("shows empty Jobs and Review pages before anything ran", async () => {
    let frame = await openAppPage(page, stack.adminUrl, "/jobs", "Jobs");
    await frame.getByText("No jobs yet").waitFor();
    await screenshot(page, "ui-jobs-empty");
    expect(await seriousA11yViolations(page)).toEqual([]);
    frame = await openAppPage(page, stack.adminUrl, "/review", "Review");
    await frame.getByText("Nothing to review").waitFor();
    await screenshot(page, "ui-review-empty");
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it("blocks a run that costs more credits than the balance, before confirming", async () => {
    const frame = await openAppPage(page, stack.adminUrl, "/products", "Products");
    await frame.getByRole("checkbox", { name: /select all/i }).first().check({ force: true });
    await frame.getByRole("button", { name: "Generate images" }).first().click();
    const dialog = frame.getByRole("dialog");
    await dialog.getByText("Choose styles for this run").click();
    for (const style of ["Clean studio shot", "Flat lay", "Worn by a model", "Close-up detail"]) await dialog.getByLabel(style).check({ force: true });
    await dialog.getByLabel("Images per style").selectOption("4");
    await dialog.getByText("Not enough credits").waitFor();
    await expect(dialog.getByRole("button", { name: /^Generate for/ }).isDisabled()).resolves.toBe(true);
    await expect(dialog.getByRole("link", { name: "Buy credits" }).or(dialog.getByRole("button", { name: "Buy credits" })).count()).resolves.toBeGreaterThan(0);
    await screenshot(page, "ui-products-not-enough-credits");
    await dialog.getByRole("button", { name: "Cancel" }).click();
  });

  it("filters the product list by collection", async () => {
    const simShop = stack.sims.shopify.store.requireShop(stack.shopDomain);
    const gifts = [...simShop.collections.values()].find((c) => c.title === "Gift Ideas")!;
    expect(gifts.productIds.length).toBeGreaterThan(0);
    expect(gifts.productIds.length).toBeLessThan(simShop.products.size);
    const frame = await openAppPage(page, stack.adminUrl, "/products", "Products");
    await frame.getByRole("button", { name: "Search and filter results" }).click();
    await frame.getByRole("button", { name: /^Collection/ }).click();
    // The choice is kept in the URL: the radio turns on once the filtered page has loaded.
    await frame.getByRole("radio", { name: "Gift Ideas" }).click({ force: true });
    const rows = frame.locator(".Polaris-IndexTable__TableRow");
    await waitFor("the collection's products", async () => (await rows.count()) === gifts.productIds.length, 15_000, 250);
    const shown = await rows.evaluateAll((els) => els.map((el) => Number((el.querySelector("a[data-primary-link]") as HTMLAnchorElement).href.split("/").pop())));
    expect(shown.sort()).toEqual([...gifts.productIds].sort());
    await frame.getByRole("button", { name: /^Collection: Gift Ideas/ }).waitFor();
    await frame.getByRole("heading", { name: "Products" }).click(); // closes the choice, keeps the filter bar
    await screenshot(page, "ui-products-collection-filter");
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it("generates images for 5 products from the Products page and shows the run to completion", async () => {
    const frame = await openAppPage(page, stack.adminUrl, "/products", "Products");
    await screenshot(page, "ui-products");
    expect(await seriousA11yViolations(page)).toEqual([]);
    const rows = frame.locator(".Polaris-IndexTable__TableRow");
    for (let i = 0; i < 5; i++) await rows.nth(i).getByRole("checkbox").check({ force: true });
    generatedProducts = await rows.evaluateAll((els) =>
      els.slice(0, 5).map((el) => `gid://shopify/Product/${(el.querySelector("a[data-primary-link]") as HTMLAnchorElement).href.split("/").pop()}`),
    );
    await frame.getByRole("button", { name: "Generate images" }).first().click();
    const dialog = frame.getByRole("dialog");
    await dialog.getByText("Your balance").waitFor();
    await expect(dialog.getByText("Not enough credits").count()).resolves.toBe(0);
    await screenshot(page, "ui-products-generate-dialog");
    await dialog.getByRole("button", { name: /^Generate for/ }).click();

    // The run opens on Jobs and refreshes itself until every image is finished.
    const jobs = await appFrameAt(page, "/jobs").catch(async (error) => {
      throw new Error(`${(error as Error).message}; toasts: ${(await toasts(frame)).join(" | ")}; dialog: ${await dialog.textContent()}`);
    });
    await jobs.getByText(/Bulk run: \d+ of 5 images finished/).waitFor({ timeout: 30_000 });
    await waitForStyles(jobs);
    await screenshot(page, "ui-jobs-running");
    await jobs.getByText("Bulk run: 5 of 5 images finished").waitFor({ timeout: 150_000 });
    await screenshot(page, "ui-jobs-done");
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it("lists the results in the review queue", async () => {
    const frame = await openAppPage(page, stack.adminUrl, "/review", "Review");
    await frame.getByText(/images? (is|are) waiting for you/).waitFor();
    // The providers' simulators inject failures now and then: review what actually came back.
    reviewable = await frame
      .locator(".Polaris-IndexTable__TableRow a[data-primary-link]")
      .evaluateAll((links) => links.map((a) => `gid://shopify/Product/${(a as HTMLAnchorElement).href.split("?")[0].split("/").pop()}`));
    expect(reviewable.length).toBeGreaterThanOrEqual(2);
    expect(generatedProducts).toEqual(expect.arrayContaining(reviewable));
    await screenshot(page, "ui-review");
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it("approves two results in the studio, publishes them to Shopify and reverts one", async () => {
    const [first, second] = reviewable;
    const before = await simProductMedia(stack.sims.urls.shopify, stack.shopDomain, first);
    const secondBefore = await simProductMedia(stack.sims.urls.shopify, stack.shopDomain, second);

    for (const [index, product] of [first, second].entries()) {
      const frame = await openAppPage(page, stack.adminUrl, `/products/${product.split("/").pop()}`, /.+/);
      await frame.getByRole("button", { name: "Approve and publish" }).first().waitFor({ timeout: 30_000 });
      if (index === 0) {
        await screenshot(page, "ui-studio-review");
        expect(await seriousA11yViolations(page)).toEqual([]);
        await frame.getByLabel("Where to put it").selectOption("featured");
      }
      await frame.getByRole("button", { name: "Approve and publish" }).first().click();
      await frame
        .getByText("This image is live on your product.")
        .waitFor({ timeout: 90_000 })
        .catch(async (error) => {
          throw new Error(`${(error as Error).message}; toasts: ${(await toasts(frame)).join(" | ")}`);
        });
    }
    await screenshot(page, "ui-studio-published");

    const after = await simProductMedia(stack.sims.urls.shopify, stack.shopDomain, first);
    expect(after.length).toBe(before.length + 1);
    // Published as the featured image: first in the gallery, and not one of the originals.
    expect(before.map((m) => m.id)).not.toContain(after[0].id);
    const secondAfter = await simProductMedia(stack.sims.urls.shopify, stack.shopDomain, second);
    expect(secondAfter.length).toBe(secondBefore.length + 1);

    const frame = await openAppPage(page, stack.adminUrl, `/products/${first.split("/").pop()}`, /.+/);
    await frame.getByRole("button", { name: "Generate images" }).first().waitFor();
    const revert = frame.getByRole("button", { name: "Revert to original images", exact: true });
    // Polaris rolls secondary page actions into "More actions" when the header runs out of room.
    if (!(await revert.isVisible())) await frame.getByRole("button", { name: "More actions" }).click();
    await revert.click();
    await frame.getByRole("dialog").getByRole("button", { name: "Revert" }).click();
    const restored = await waitFor(
      "the original gallery",
      async () => {
        const media = await simProductMedia(stack.sims.urls.shopify, stack.shopDomain, first);
        return media.length === before.length ? media : undefined;
      },
      60_000,
    );
    expect(restored.map((m) => m.id)).toEqual(before.map((m) => m.id));
  });

  it("edits a result's prompt in the studio and regenerates with it", async () => {
    const product = reviewable[0];
    const frame = await openAppPage(page, stack.adminUrl, `/products/${product.split("/").pop()}`, /.+/);
    await frame.getByRole("button", { name: /^Edit prompt of this/ }).first().click();
    const dialog = frame.getByRole("dialog");
    const field = dialog.getByLabel("Prompt");
    await expect(field.inputValue()).resolves.not.toBe("");
    await field.fill("The product on a walnut desk beside a notebook, soft morning light");
    await screenshot(page, "ui-studio-edit-prompt");
    expect(await seriousA11yViolations(page)).toEqual([]);
    await dialog.getByRole("button", { name: "Regenerate" }).click();
    // The new result runs through the engine with the merchant's prompt and says so.
    await frame.getByText("Your prompt").first().waitFor({ timeout: 90_000 });
    await frame.getByRole("button", { name: "Approve and publish" }).first().waitFor({ timeout: 90_000 });
    await screenshot(page, "ui-studio-regenerated");
    const db = createDb(stack.env.DATABASE_URL, { maxConnections: 1 });
    const edited = await db.generation.findMany({ where: { promptVersion: "merchant-edit", product: { shopifyId: product } } });
    await db.$disconnect();
    expect(edited.map((g) => g.prompt)).toEqual(["The product on a walnut desk beside a notebook, soft morning light"]);
  });

  it("groups a product's images by colour in the studio", async () => {
    const simShop = stack.sims.shopify.store.requireShop(stack.shopDomain);
    const product = [...simShop.products.values()].find((p) => (p.options.find((o) => o.name === "Color")?.values.length ?? 0) > 1)!;
    const frame = await openAppPage(page, stack.adminUrl, `/products/${product.id}`, product.title);
    await frame.getByText("Images by color").waitFor();
    for (const colour of product.options.find((o) => o.name === "Color")!.values) {
      await frame.getByRole("button", { name: `Generate for ${colour}` }).waitFor();
    }
    await screenshot(page, "ui-studio-colours");
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it("shows billing, settings and a home with results", async () => {
    let frame = await openAppPage(page, stack.adminUrl, "/billing", "Billing");
    await frame.getByText("Credit history").waitFor();
    await frame.getByText(/Held while creating an image/).first().waitFor();
    await screenshot(page, "ui-billing");
    expect(await seriousA11yViolations(page)).toEqual([]);
    frame = await openAppPage(page, stack.adminUrl, "/settings", "Settings");
    await frame.getByLabel("Credits per day", { exact: true }).fill("50");
    await screenshot(page, "ui-settings-unsaved");
    await frame.getByRole("button", { name: "Save", exact: true }).click();
    await frame.getByRole("button", { name: "Save", exact: true }).and(frame.locator("[disabled], [aria-disabled=true]")).waitFor();
    frame = await openAppPage(page, stack.adminUrl, "/settings", "Settings");
    await expect(frame.getByLabel("Credits per day", { exact: true }).inputValue()).resolves.toBe("50");
    await screenshot(page, "ui-settings");
    expect(await seriousA11yViolations(page)).toEqual([]);
    // The saved limit is what Home measures today's spend against.
    frame = await openAppPage(page, stack.adminUrl, "", "Glint");
    await frame.getByText(/credits? of 50/).waitFor();
    await expect(frame.getByText("Get started in two steps").count()).resolves.toBe(0);
    await screenshot(page, "ui-home");
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it("explains a missing product instead of failing", async () => {
    const frame = await openAppPage(page, stack.adminUrl, "/products/999999999", "Product");
    await frame.getByText("We couldn't find that").waitFor();
    await screenshot(page, "ui-studio-not-found");
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it("fits a phone-sized admin", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const frame = await openAppPage(page, stack.adminUrl, "/products", "Products");
    // Shopify's mobile admin gives the app the full width; the simulated admin's side nav does not shrink.
    await page.addStyleTag({ content: "nav{display:none} main{grid-column:1/3}" });
    await page.waitForTimeout(500);
    await screenshot(page, "ui-products-mobile");
    // The page never scrolls sideways (the table scrolls inside its card, as in Shopify's admin).
    const overflow = await frame.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("raised no uncaught errors in the browser", () => {
    expect(pageErrors).toEqual([]);
  });
});
