/**
 * Billing end to end against the Shopify store simulator, through the app's throttle-aware Admin
 * GraphQL client routed to the simulator: subscribe, upgrade, overage, cancel, credit packs.
 * Webhooks arrive at a stand-in app server that verifies Shopify's HMAC and calls the billing
 * handlers, as the webhook job does.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminGraphqlFn, runAdmin, type AdminGraphqlFn } from "../../app/billing/admin-graphql";
import { buyCreditPack, confirmOneTimePurchase, handleOneTimePurchaseUpdate, purchaseLedgerKey } from "../../app/billing/credit-packs.server";
import { getBalance, reserveCredits } from "../../app/billing/ledger.server";
import { findPlan } from "../../app/billing/plans";
import { reconcileBilling } from "../../app/billing/reconcile.server";
import { APP_USAGE_RECORD_CREATE } from "../../app/billing/shopify-operations";
import { checkSpendAllowed } from "../../app/billing/spend-guard.server";
import { cancelSubscription, confirmSubscription, handleSubscriptionUpdate, subscribeToPlan } from "../../app/billing/subscriptions.server";
import type { AppContext } from "../../app/context.server";
import { adminGraphqlFor } from "../../app/shopify/admin-client.server";
import { readBody, startHttpServer, type RunningServer } from "../../sim/shared/http";
import { startShopifySim, type ShopifySim } from "../../sim/shopify/server";
import type { SimShop } from "../../sim/shopify/store";
import { createTestContext, type TestContext } from "../support/harness";

const API_KEY = "glint-billing-test";
const API_SECRET = "glint-billing-test-secret-0123456789";
const DOMAIN = "billing-store.myshopify.com";

let sim: ShopifySim;
let app: RunningServer;
let t: TestContext;
let ctx: AppContext;
let simShop: SimShop;
let admin: AdminGraphqlFn;
let shopId: string;
const webhookResults: Array<{ topic: string; result: unknown }> = [];
const webhookFailures: unknown[] = [];
/** When set, the stand-in app is "down": every webhook delivery gets a 503. */
let appDown = false;

beforeAll(async () => {
  let handle: (topic: string, body: Buffer, hmac: string) => Promise<void> = async () => undefined;
  app = await startHttpServer(async (req, res) => {
    const body = await readBody(req);
    const topic = String(req.headers["x-shopify-topic"]);
    if (appDown) return void res.writeHead(503).end();
    try {
      await handle(topic, body, String(req.headers["x-shopify-hmac-sha256"]));
      res.writeHead(200).end();
    } catch (error) {
      webhookFailures.push(error);
      res.writeHead(500).end();
    }
  });
  sim = await startShopifySim({ apiKey: API_KEY, apiSecret: API_SECRET, appUrl: app.url, webhookRetryDelaysMs: [50, 100] });
  simShop = sim.addShop({ domain: DOMAIN, productCount: 1 });
  t = await createTestContext({ SHOPIFY_SIM_URL: sim.url, SHOPIFY_API_KEY: API_KEY, SHOPIFY_API_SECRET: API_SECRET });
  ctx = t.ctx;
  shopId = (await ctx.db.shop.create({ data: { domain: DOMAIN } })).id;
  admin = adminGraphqlFn(adminGraphqlFor(ctx, DOMAIN, simShop.accessToken));
  handle = async (topic, body, hmac) => {
    const expected = createHmac("sha256", API_SECRET).update(body).digest();
    if (!timingSafeEqual(expected, Buffer.from(hmac, "base64"))) throw new Error("bad webhook HMAC");
    const payload = JSON.parse(body.toString("utf8"));
    const shop = DOMAIN;
    const result =
      topic === "app_subscriptions/update"
        ? await handleSubscriptionUpdate(ctx, shop, payload)
        : topic === "app_purchases_one_time/update"
          ? await handleOneTimePurchaseUpdate(ctx, shop, payload)
          : undefined;
    webhookResults.push({ topic, result });
  };
});
afterAll(async () => {
  await sim?.close();
  await app?.close();
  await t?.cleanup();
});

async function until<T>(read: () => Promise<T | undefined | false>, what: string): Promise<T> {
  const deadline = Date.now() + 20_000; // generous: webhook delivery on a loaded machine
  while (Date.now() < deadline) {
    const value = await read();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The merchant clicks Approve on Shopify's page; returns the charge_id Shopify appends to the return URL. */
async function approve(confirmationUrl: string, decision: "approve" | "decline" = "approve"): Promise<string> {
  const response = await fetch(`${confirmationUrl}&decision=${decision}`, { redirect: "manual", signal: AbortSignal.timeout(5_000) });
  expect(response.status).toBe(302);
  const back = new URL(response.headers.get("location")!);
  expect(back.pathname).toBe("/app/billing/return");
  return back.searchParams.get("charge_id")!;
}

const chargeStatus = async (id: string) => (await ctx.db.appCharge.findUnique({ where: { id } }))?.status;
const numericId = (gid: string) => Number(gid.split("/").pop());

describe("Shopify billing through the store simulator", () => {
  let starterId: string;
  let growthId: string;

  it("subscribes: a test charge with a trial and a capped usage line; credits granted once on approval", async () => {
    const starter = findPlan("starter")!;
    const { confirmationUrl, subscriptionId } = await subscribeToPlan(ctx, admin, { shopId, planKey: "starter", returnUrl: `${app.url}/app/billing/return` });
    starterId = subscriptionId;
    const simSub = simShop.subscriptions.get(numericId(subscriptionId))!;
    expect(simSub).toMatchObject({ status: "PENDING", test: true, trialDays: starter.trialDays, name: starter.name });
    expect(simSub.lineItems.find((l) => l.kind === "usage")).toMatchObject({ terms: starter.overage.terms });
    expect(Number(simSub.lineItems.find((l) => l.kind === "usage")!.cappedAmount)).toBe(starter.overage.cappedAmountCents / 100);
    expect(await getBalance(ctx.db, shopId)).toBe(0);

    const chargeId = await approve(confirmationUrl);
    const confirmed = await confirmSubscription(ctx, admin, { shopId, chargeId });
    expect(confirmed).toMatchObject({ status: "ACTIVE", plan: "starter" });
    await until(async () => webhookResults.some((w) => w.topic === "app_subscriptions/update"), "the activation webhook");
    // Return URL and webhook both applied the activation; the allowance was granted once.
    expect(await getBalance(ctx.db, shopId)).toBe(starter.monthlyCredits);
    expect(await ctx.db.ledgerEntry.count({ where: { shopId, kind: "grant" } })).toBe(1);
    expect((await ctx.db.shop.findUniqueOrThrow({ where: { id: shopId } })).plan).toBe("starter");
    expect((await ctx.db.appCharge.findUniqueOrThrow({ where: { id: starterId } })).currentPeriodEnd).toBeInstanceOf(Date);
  });

  it("upgrades: the new plan replaces the old whatever order the two webhooks arrive in", async () => {
    const growth = findPlan("growth")!;
    const before = await getBalance(ctx.db, shopId);
    const { confirmationUrl, subscriptionId } = await subscribeToPlan(ctx, admin, { shopId, planKey: "growth", returnUrl: `${app.url}/app/billing/return` });
    growthId = subscriptionId;
    await approve(confirmationUrl);
    // No return-URL visit this time: the webhooks alone must do it.
    const handled = webhookResults.filter((w) => w.topic === "app_subscriptions/update").length;
    await until(async () => webhookResults.filter((w) => w.topic === "app_subscriptions/update").length === handled + 2, "both upgrade webhooks");
    expect(await chargeStatus(starterId)).toBe("CANCELLED");
    expect(await chargeStatus(growthId)).toBe("ACTIVE");
    expect((await ctx.db.shop.findUniqueOrThrow({ where: { id: shopId } })).plan).toBe("growth");
    expect(await getBalance(ctx.db, shopId)).toBe(before + growth.monthlyCredits);

    // A late replay of the old plan's webhooks changes nothing.
    const old = simShop.subscriptions.get(numericId(starterId))!;
    await handleSubscriptionUpdate(ctx, DOMAIN, { app_subscription: { admin_graphql_api_id: starterId, name: old.name, status: "ACTIVE" } });
    expect(await chargeStatus(starterId)).toBe("CANCELLED");
    expect((await ctx.db.shop.findUniqueOrThrow({ where: { id: shopId } })).plan).toBe("growth");
    expect(webhookFailures).toEqual([]);
  });

  it("buys overage credits on the usage line item once credits run out, with no double charge after a crash", async () => {
    const growth = findPlan("growth")!;
    const balance = await getBalance(ctx.db, shopId);
    expect((await reserveCredits(ctx.db, { shopId, generationId: "drain", amount: balance, idempotencyKey: "drain" })).ok).toBe(true);
    const usageLine = () => simShop.subscriptions.get(numericId(growthId))!.lineItems.find((l) => l.kind === "usage")!;

    // A previous attempt created the usage record, then crashed before granting the credits.
    const node = await runAdmin<{ lineItems: Array<{ id: string; plan: { pricingDetails: { __typename: string } } }> }>(
      admin,
      `#graphql
      query { node(id: "${growthId}") { ... on AppSubscription { lineItems { id plan { pricingDetails { __typename } } } } } }`,
      "node",
    );
    const lineItemId = node.lineItems.find((l) => l.plan.pricingDetails.__typename === "AppUsagePricing")!.id;
    await runAdmin(admin, APP_USAGE_RECORD_CREATE, "appUsageRecordCreate", {
      subscriptionLineItemId: lineItemId,
      price: { amount: "4.00", currencyCode: "USD" },
      description: `${growth.overage.blockCredits} extra Glint credits`,
      idempotencyKey: `overage:${growthId}:0:0`,
    });
    expect(usageLine().usageRecords).toHaveLength(1);

    // The generation request: no credits left, so the guard buys one block of overage.
    await expect(checkSpendAllowed(ctx, { shopId, credits: 30, source: "app", admin })).resolves.toEqual({ ok: true, balance: growth.overage.blockCredits });
    expect(usageLine().usageRecords).toHaveLength(1); // Shopify saw the same idempotency key: no second charge
    expect(usageLine().usageRecords[0].idempotencyKey).toBe(`overage:${growthId}:0:0`);

    // The next block gets the next key and a second record.
    await reserveCredits(ctx.db, { shopId, generationId: "drain-2", amount: growth.overage.blockCredits, idempotencyKey: "drain-2" });
    await checkSpendAllowed(ctx, { shopId, credits: 1, source: "app", admin });
    expect(usageLine().usageRecords.map((r) => r.idempotencyKey)).toEqual([`overage:${growthId}:0:0`, `overage:${growthId}:0:1`]);
    expect(await getBalance(ctx.db, shopId)).toBe(growth.overage.blockCredits);
  });

  it("cancels: the shop keeps its credits and falls back to no plan", async () => {
    const before = await getBalance(ctx.db, shopId);
    const result = await cancelSubscription(ctx, admin, { shopId });
    expect(result).toEqual({ cancelled: growthId, plan: "trial" });
    expect(simShop.subscriptions.get(numericId(growthId))!.status).toBe("CANCELLED");
    await until(async () => webhookResults.some((w) => (w.result as { status?: string })?.status === "CANCELLED" && w.topic === "app_subscriptions/update"), "cancel webhook");
    expect(await getBalance(ctx.db, shopId)).toBe(before);
    expect((await ctx.db.shop.findUniqueOrThrow({ where: { id: shopId } })).plan).toBe("trial");
    // Without a plan there is no overage: the request is refused with the credit message.
    await reserveCredits(ctx.db, { shopId, generationId: "drain-3", amount: before, idempotencyKey: "drain-3" });
    const refusal = await checkSpendAllowed(ctx, { shopId, credits: 1, source: "app", admin }).catch((e) => e);
    expect(refusal.code).toBe("insufficient_credits");
  });

  it("grants a credit pack exactly once when the return URL and duplicate webhooks all arrive", async () => {
    const before = await getBalance(ctx.db, shopId);
    const { confirmationUrl, purchaseId } = await buyCreditPack(ctx, admin, { shopId, packKey: "pack-500", returnUrl: `${app.url}/app/billing/return` });
    expect(simShop.oneTimePurchases.get(numericId(purchaseId))).toMatchObject({ status: "PENDING", test: true, price: "25.00" });
    // Before approval the return URL grants nothing.
    expect(await confirmOneTimePurchase(ctx, admin, { shopId, chargeId: numericId(purchaseId) })).toEqual({ status: "PENDING", granted: 0 });

    const chargeId = await approve(confirmationUrl);
    const payload = { app_purchase_one_time: { admin_graphql_api_id: purchaseId, name: "Glint 500 credits", status: "ACTIVE" } };
    const outcomes = await Promise.all([
      confirmOneTimePurchase(ctx, admin, { shopId, chargeId }),
      confirmOneTimePurchase(ctx, admin, { shopId, chargeId }), // the merchant reloads the return page
      sim.deliverWebhook({ shop: DOMAIN, topic: "app_purchases_one_time/update", payload, duplicates: 2 }),
    ]);
    await until(async () => webhookResults.filter((w) => w.topic === "app_purchases_one_time/update").length >= 4, "all pack webhooks");
    const granted = [outcomes[0].granted, outcomes[1].granted, ...webhookResults.filter((w) => w.topic === "app_purchases_one_time/update").map((w) => (w.result as { granted: number }).granted)];
    expect(granted.filter((g) => g > 0)).toEqual([500]);
    expect(await getBalance(ctx.db, shopId)).toBe(before + 500);
    expect(await ctx.db.ledgerEntry.count({ where: { shopId, idempotencyKey: purchaseLedgerKey(purchaseId) } })).toBe(1);
  });

  it("grants a pack from the webhook alone when the merchant never comes back, and nothing for a declined pack", async () => {
    const before = await getBalance(ctx.db, shopId);
    const bought = await buyCreditPack(ctx, admin, { shopId, packKey: "pack-100", returnUrl: `${app.url}/app/billing/return` });
    await approve(bought.confirmationUrl);
    await until(async () => (await getBalance(ctx.db, shopId)) === before + 100, "webhook grant");

    const declined = await buyCreditPack(ctx, admin, { shopId, packKey: "pack-2000", returnUrl: `${app.url}/app/billing/return` });
    const chargeId = await approve(declined.confirmationUrl, "decline");
    expect(await confirmOneTimePurchase(ctx, admin, { shopId, chargeId })).toEqual({ status: "DECLINED", granted: 0 });
    await until(async () => (await chargeStatus(declined.purchaseId)) === "DECLINED", "decline recorded");
    expect(await getBalance(ctx.db, shopId)).toBe(before + 100);
    expect(webhookFailures).toEqual([]);
  });

  it("refuses a return URL for a charge that is not this shop's", async () => {
    await expect(confirmOneTimePurchase(ctx, admin, { shopId, chargeId: 123 })).rejects.toThrow(/not one of this shop's charges/);
  });

  it("reconciles from currentAppInstallation when every webhook was lost and the merchant never came back", async () => {
    const before = await getBalance(ctx.db, shopId);
    appDown = true;
    try {
      const bought = await buyCreditPack(ctx, admin, { shopId, packKey: "pack-100", returnUrl: `${app.url}/app/billing/return` });
      await approve(bought.confirmationUrl);
      await until(async () => sim.webhookLog.filter((w) => w.topic === "app_purchases_one_time/update" && w.attempt === 3).length > 0 || undefined, "the simulator giving up");
      expect(await getBalance(ctx.db, shopId)).toBe(before);
    } finally {
      appDown = false;
    }
    expect(await reconcileBilling(ctx, admin, shopId)).toMatchObject({ creditsGranted: 100 });
    expect(await reconcileBilling(ctx, admin, shopId)).toMatchObject({ creditsGranted: 0 });
    expect(await getBalance(ctx.db, shopId)).toBe(before + 100);
  });
});
