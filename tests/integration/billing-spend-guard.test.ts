import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GenerationStatus } from "@prisma/client";
import type { AppContext } from "../../app/context.server";
import { UserFacingError } from "../../app/errors";
import { getBalance, grantCredits, reserveCredits } from "../../app/billing/ledger.server";
import { checkSpendAllowed, quoteCredits, type SpendRequest } from "../../app/billing/spend-guard.server";
import { generationBucketKey, takeTokens } from "../../app/billing/rate-limit.server";
import { withSpendingSettings } from "../../app/billing/spending-settings";
import { defaultRegistry } from "../../app/providers/registry";
import { createTestContext, type TestContext } from "../support/harness";

let t: TestContext;
let ctx: AppContext;

beforeAll(async () => {
  t = await createTestContext({ RATE_LIMIT_GENERATIONS_PER_MINUTE: "3", RATE_LIMIT_CONCURRENT_GENERATIONS: "2" });
  ctx = t.ctx;
});
afterAll(async () => {
  await t.cleanup();
});

let shopCounter = 0;
async function newShop(credits: number, spending: Record<string, unknown> = {}) {
  const shop = await ctx.db.shop.create({
    data: { domain: `guard-${++shopCounter}.myshopify.com`, settings: withSpendingSettings({}, spending) as object },
  });
  await grantCredits(ctx.db, { shopId: shop.id, amount: credits, idempotencyKey: "seed", reason: "test" });
  const product = await ctx.db.product.create({
    data: { shopId: shop.id, shopifyId: `gid://shopify/Product/${shopCounter}`, title: "Tee", handle: "tee", contentHash: "h" },
  });
  return { shopId: shop.id, productId: product.id };
}

let genCounter = 0;
/** What the generation request path does: check, then create the generation and reserve. */
async function requestGeneration(shop: { shopId: string; productId: string }, credits: number, source = "app", c: AppContext = ctx) {
  await checkSpendAllowed(c, { shopId: shop.shopId, credits, source });
  const g = await c.db.generation.create({
    data: { shopId: shop.shopId, productId: shop.productId, requestKey: `r${++genCounter}`, capability: "enhancement", style: "studio", source },
  });
  const reserved = await reserveCredits(c.db, { shopId: shop.shopId, generationId: g.id, amount: credits, idempotencyKey: `${g.id}:reserve` });
  expect(reserved.ok).toBe(true);
  return g.id;
}

async function refusal(request: Promise<unknown>): Promise<UserFacingError> {
  const error = await request.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserFacingError);
  return error as UserFacingError;
}

async function ledgerRows(shopId: string) {
  return ctx.db.ledgerEntry.count({ where: { shopId } });
}

describe("spend guard", () => {
  it("rate-limits a shop's generation requests with a wait time, charging nothing for the refused one", async () => {
    const shop = await newShop(100);
    const other = await newShop(100);
    for (let i = 0; i < 3; i++) await checkSpendAllowed(ctx, { shopId: shop.shopId, credits: 1, source: "app" });
    const rows = await ledgerRows(shop.shopId);
    const error = await refusal(requestGeneration(shop, 1));
    expect(error.code).toBe("rate_limited");
    expect(error.httpStatus).toBe(429);
    expect(error.retryAfterMs).toBeGreaterThan(0);
    expect(error.retryAfterMs).toBeLessThanOrEqual(20_000); // 3 a minute: one token every 20 s
    expect(error.message).toMatch(/faster than 3 a minute\. Try again in \d+ seconds?\./);
    expect(error.headers()["Retry-After"]).toMatch(/^\d+$/);
    expect(await ledgerRows(shop.shopId)).toBe(rows);
    expect(await getBalance(ctx.db, shop.shopId)).toBe(100);
    // Another shop's bucket is its own.
    await expect(checkSpendAllowed(ctx, { shopId: other.shopId, credits: 1, source: "app" })).resolves.toMatchObject({ ok: true });
  });

  it("limits generations in flight at once", async () => {
    const shop = await newShop(100);
    const running: GenerationStatus[] = ["generating", "validating"];
    for (const status of running) {
      await ctx.db.generation.create({
        data: { shopId: shop.shopId, productId: shop.productId, requestKey: status, capability: "enhancement", style: "s", status },
      });
    }
    const error = await refusal(checkSpendAllowed(ctx, { shopId: shop.shopId, credits: 1, source: "app" }));
    expect(error.code).toBe("rate_limited");
    expect(error.message).toBe("You have 2 generations in progress and can run up to 2 at once. Wait for some to finish, then try again.");

    const fresh = await newShop(100);
    const tooBig = await refusal(checkSpendAllowed(ctx, { shopId: fresh.shopId, credits: 3, source: "app", generations: 3 }));
    expect(tooBig.message).toBe("One run can start at most 2 generations. Select fewer products or styles and run the rest afterwards.");
  });

  it("enforces the merchant's daily cap, counting open reservations, with the figures in the message", async () => {
    const shop = await newShop(100, { dailyCreditCap: 5 });
    await requestGeneration(shop, 4);
    const rows = await ledgerRows(shop.shopId);
    const error = await refusal(requestGeneration(shop, 2));
    expect(error.code).toBe("daily_cap");
    expect(error.message).toBe(
      "This needs 2 credits, but only 1 credit remain of your daily limit of 5 (4 used). Raise the limit in Settings or wait until it resets.",
    );
    expect(error.details).toMatchObject({ cap: 5, spent: 4, requested: 2 });
    expect(await ledgerRows(shop.shopId)).toBe(rows);
    expect(await getBalance(ctx.db, shop.shopId)).toBe(96);
    // Exactly up to the cap is fine.
    await expect(checkSpendAllowed(ctx, { shopId: shop.shopId, credits: 1, source: "app" })).resolves.toMatchObject({ ok: true });
  });

  it("enforces the monthly cap over earlier days of the month", async () => {
    const shop = await newShop(100, { monthlyCreditCap: 10 });
    const now = new Date();
    await requestGeneration(shop, 8);
    if (now.getUTCDate() > 1) {
      // Move that spend to the first of the month: still this month, not today.
      const firstOfMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1, 12));
      await ctx.db.ledgerEntry.updateMany({ where: { shopId: shop.shopId, kind: "reserve" }, data: { createdAt: firstOfMonth } });
    }
    const error = await refusal(checkSpendAllowed(ctx, { shopId: shop.shopId, credits: 3, source: "app" }));
    expect(error.code).toBe("monthly_cap");
    expect(error.message).toMatch(/only 2 credits remain of your monthly limit of 10 \(8 used\)/);
  });

  it("gives automation its own cap without blocking the merchant's own requests", async () => {
    const shop = await newShop(100, { automationDailyCreditCap: 3 });
    await requestGeneration(shop, 3, "automation");
    const error = await refusal(checkSpendAllowed(ctx, { shopId: shop.shopId, credits: 1, source: "automation" }));
    expect(error.code).toBe("automation_cap");
    expect(error.message).toMatch(/your daily automation limit of 3 \(3 used\)/);
    await expect(checkSpendAllowed(ctx, { shopId: shop.shopId, credits: 1, source: "app" })).resolves.toMatchObject({ ok: true });
  });

  it("refuses a paused shop and a shop without enough credits", async () => {
    const paused = await newShop(100);
    await ctx.db.shop.update({ where: { id: paused.shopId }, data: { pausedAt: new Date(), pausedReason: "spending jumped to 12x its usual rate" } });
    const p = await refusal(checkSpendAllowed(ctx, { shopId: paused.shopId, credits: 1, source: "app" }));
    expect(p.code).toBe("paused");
    expect(p.message).toMatch(/paused for your store: spending jumped to 12x its usual rate/);

    const poor = await newShop(3);
    const rows = await ledgerRows(poor.shopId);
    const e = await refusal(requestGeneration(poor, 5));
    expect(e.code).toBe("insufficient_credits");
    expect(e.httpStatus).toBe(402);
    expect(e.message).toBe("This needs 5 credits and you have 3. Buy a credit pack or choose a plan with more credits.");
    expect(await ledgerRows(poor.shopId)).toBe(rows);
  });

  it("stops every shop once the day's global provider spend reaches the operator's cap", async () => {
    const spender = await newShop(100);
    const bystander = await newShop(100);
    const capped: AppContext = { ...ctx, env: { ...ctx.env, GLOBAL_DAILY_PROVIDER_CAP_USD: 1 } };
    await checkSpendAllowed(capped, { shopId: bystander.shopId, credits: 1, source: "app" });
    const g = await requestGeneration(spender, 1);
    await ctx.db.generation.update({ where: { id: g }, data: { costMicroUsd: 1_000_000, status: "published" } });
    const error = await refusal(checkSpendAllowed(capped, { shopId: bystander.shopId, credits: 1, source: "app" }));
    expect(error.code).toBe("global_cap");
    expect(error.retryAfterMs).toBeGreaterThan(0);
    expect(error.retryAfterMs).toBeLessThanOrEqual(86_400_000);
  });

  it("quotes the cost from the model registry and shows a block before anything runs, without using the rate limit", async () => {
    const shop = await newShop(5, { dailyCreditCap: 3 });
    const model = defaultRegistry().models.find((m) => m.credits === 2)!;
    const ok = await quoteCredits(ctx, { shopId: shop.shopId, modelId: model.id });
    expect(ok).toMatchObject({ modelId: model.id, creditsEach: 2, count: 1, totalCredits: 2, balance: 5, balanceAfter: 3 });
    expect(ok.blocked).toBeUndefined();

    const tooMany = await quoteCredits(ctx, { shopId: shop.shopId, modelId: model.id, count: 2 });
    expect(tooMany.totalCredits).toBe(4);
    expect(tooMany.blocked).toMatchObject({ code: "daily_cap", message: expect.stringMatching(/This needs 4 credits/) });
    for (let i = 0; i < 10; i++) await quoteCredits(ctx, { shopId: shop.shopId, modelId: model.id });
    const request: SpendRequest = { shopId: shop.shopId, credits: 2, source: "app" };
    await expect(checkSpendAllowed(ctx, request)).resolves.toMatchObject({ ok: true, balance: 5 });
  });

  it("refills the token bucket over time, shared by every process through Redis", async () => {
    const key = generationBucketKey(t.prefix, "refill-shop");
    // One token every 2 s: slow enough that a loaded machine cannot refill between the takes.
    const limit = { capacity: 2, perMinute: 30 };
    const otherProcess = ctx.redis.duplicate();
    try {
      expect(await takeTokens(ctx.redis, key, limit)).toEqual({ allowed: true });
      expect(await takeTokens(otherProcess, key, limit)).toEqual({ allowed: true });
      const refused = await takeTokens(ctx.redis, key, limit);
      expect(refused.allowed).toBe(false);
      if (!refused.allowed) {
        expect(refused.retryAfterMs).toBeGreaterThan(0);
        expect(refused.retryAfterMs).toBeLessThanOrEqual(2_000);
        await new Promise((r) => setTimeout(r, refused.retryAfterMs + 20));
      }
      expect(await takeTokens(otherProcess, key, limit)).toEqual({ allowed: true });
      expect(key.startsWith(t.prefix)).toBe(true);
      expect(await ctx.redis.pttl(key)).toBeGreaterThan(0);
    } finally {
      otherProcess.disconnect();
    }
  });
});
