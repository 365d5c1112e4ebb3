import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppContext } from "../../app/context.server";
import { checkSpendAnomalies, DEFAULT_ANOMALY_OPTIONS, resumeShop } from "../../app/billing/anomaly-guard.server";
import { commitCredits, grantCredits, refundCredits, reserveCredits } from "../../app/billing/ledger.server";
import { marginReport } from "../../app/billing/margin-report.server";
import type { Notifier, OperatorNotice } from "../../app/billing/notifier";
import { checkSpendAllowed } from "../../app/billing/spend-guard.server";
import { checkDailySpendAlerts, listSpendAlerts } from "../../app/billing/spend-alerts.server";
import { withSpendingSettings } from "../../app/billing/spending-settings";
import { createTestContext, type TestContext } from "../support/harness";

/** The test double: records every notice it is given. */
class RecordingNotifier implements Notifier {
  readonly notices: OperatorNotice[] = [];
  async notify(notice: OperatorNotice): Promise<void> {
    this.notices.push(notice);
  }
}

let t: TestContext;
let ctx: AppContext;
const logLines: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  t = await createTestContext({ GLOBAL_SPEND_ALERT_THRESHOLDS_USD: "10,20", SHOP_SPEND_ALERT_THRESHOLDS_USD: "5" });
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  ctx = { ...t.ctx, log: pino({ level: "warn" }, sink) };
});
afterAll(async () => {
  await t.cleanup();
});

let counter = 0;
async function newShop(spending: Record<string, unknown> = {}) {
  const n = ++counter;
  const shop = await ctx.db.shop.create({ data: { domain: `alerts-${n}.myshopify.com`, settings: withSpendingSettings({}, spending) as object } });
  const product = await ctx.db.product.create({
    data: { shopId: shop.id, shopifyId: `gid://shopify/Product/${n}`, title: "Lamp", handle: "lamp", contentHash: "h" },
  });
  await grantCredits(ctx.db, { shopId: shop.id, amount: 10_000, idempotencyKey: "seed", reason: "test" });
  return { shopId: shop.id, domain: shop.domain, productId: product.id };
}

async function spend(shop: { shopId: string; productId: string }, costMicroUsd: number, at = new Date(), modelId = "flux-2-pro") {
  return ctx.db.generation.create({
    data: {
      shopId: shop.shopId,
      productId: shop.productId,
      requestKey: `k${++counter}`,
      capability: "enhancement",
      style: "studio",
      status: "published",
      modelId,
      costMicroUsd,
      createdAt: at,
    },
  });
}

describe("daily spend alerts", () => {
  it("fires once per threshold per day, per shop and globally, with the figures in the log, the app and the notifier", async () => {
    const notifier = new RecordingNotifier();
    const a = await newShop();
    const b = await newShop({ alertThresholdsUsd: [1] });
    await spend(a, 6_000_000);

    const first = await checkDailySpendAlerts(ctx, notifier);
    expect(first.map((f) => [f.scopeKey, f.thresholdMicroUsd, f.spentMicroUsd])).toEqual([[a.shopId, 5_000_000, 6_000_000]]);
    expect(notifier.notices).toHaveLength(1);
    expect(notifier.notices[0]).toMatchObject({
      kind: "spend_threshold",
      shopId: a.shopId,
      figures: { thresholdUsd: "$5.00", spentUsd: "$6.00" },
    });
    expect(notifier.notices[0].message).toMatch(/^Provider spend for alerts-\d+\.myshopify\.com reached \$6\.00 on \d{4}-\d\d-\d\d, past the \$5\.00 alert threshold\.$/);
    const warn = logLines.find((l) => l.alert === "daily_spend" && l.scope === a.shopId);
    expect(warn).toMatchObject({ level: 40, thresholdUsd: "$5.00", spentUsd: "$6.00", spentMicroUsd: 6_000_000 });

    // Checked again (and by two workers at once): nothing new.
    const again = await Promise.all([checkDailySpendAlerts(ctx, notifier), checkDailySpendAlerts(ctx, notifier)]);
    expect(again.flat()).toEqual([]);
    expect(notifier.notices).toHaveLength(1);

    // More spend: the global $10 threshold and shop b's own $1 threshold cross; $20 not yet.
    await spend(b, 4_500_000);
    await spend(a, 1_000_000);
    const second = await checkDailySpendAlerts(ctx, notifier);
    expect(second.map((f) => [f.scopeKey, f.thresholdMicroUsd, f.spentMicroUsd]).sort()).toEqual(
      [
        ["global", 10_000_000, 11_500_000],
        [b.shopId, 1_000_000, 4_500_000],
      ].sort(),
    );
    expect(second.find((f) => f.scopeKey === "global")?.message).toMatch(/all stores reached \$11\.50 .* past the \$10\.00 alert threshold/);

    // The app's banner list for shop a: its own alert, plus the global one when asked.
    expect((await listSpendAlerts(ctx, { shopId: a.shopId })).map((x) => Number(x.thresholdMicroUsd))).toEqual([5_000_000]);
    expect(await listSpendAlerts(ctx, { shopId: a.shopId, includeGlobal: true })).toHaveLength(2);

    // The next day starts over: the same thresholds fire again for that day's spend.
    const tomorrow = new Date(Date.now() + 86_400_000);
    await spend(a, 5_500_000, tomorrow);
    const nextDay = await checkDailySpendAlerts(ctx, notifier, tomorrow);
    expect(nextDay.map((f) => [f.scopeKey, f.day])).toEqual([[a.shopId, tomorrow.toISOString().slice(0, 10)]]);
    expect(notifier.notices).toHaveLength(4);
  });
});

describe("anomaly guard", () => {
  const hour = 3600_000;

  async function reserveAt(shop: { shopId: string }, credits: number, at: Date) {
    const generationId = `an-${++counter}`;
    await reserveCredits(ctx.db, { shopId: shop.shopId, generationId, amount: credits, idempotencyKey: `${generationId}:reserve` });
    await ctx.db.ledgerEntry.updateMany({ where: { generationId }, data: { createdAt: at } });
  }

  it("pauses a shop spending far above its norm until the merchant resumes, and leaves steady shops alone", async () => {
    const notifier = new RecordingNotifier();
    const now = new Date();
    const spiky = await newShop();
    const steady = await newShop();
    for (let day = 1; day <= 7; day++) {
      await reserveAt(spiky, 10, new Date(now.getTime() - day * 24 * hour)); // ~0.4 credits an hour
      await reserveAt(steady, 24 * 30, new Date(now.getTime() - day * 24 * hour)); // 30 an hour
    }
    await reserveAt(spiky, 150, new Date(now.getTime() - 10 * 60_000));
    await reserveAt(steady, 120, new Date(now.getTime() - 10 * 60_000)); // 4x its norm: below the 5x factor

    const paused = await checkSpendAnomalies(ctx, notifier, now);
    expect(paused.map((p) => p.shopId)).toEqual([spiky.shopId]);
    expect(paused[0].reason).toBe("150 credits were used in the last hour, far above your usual rate");
    expect(notifier.notices).toEqual([expect.objectContaining({ kind: "shop_paused", shopId: spiky.shopId })]);

    const blocked = await checkSpendAllowed(ctx, { shopId: spiky.shopId, credits: 1, source: "app" }).catch((e) => e);
    expect(blocked.code).toBe("paused");
    expect(blocked.message).toMatch(/150 credits were used in the last hour/);
    await expect(checkSpendAllowed(ctx, { shopId: steady.shopId, credits: 1, source: "app" })).resolves.toMatchObject({ ok: true });

    expect(await resumeShop(ctx, spiky.shopId)).toBe(true);
    await expect(checkSpendAllowed(ctx, { shopId: spiky.shopId, credits: 1, source: "app" })).resolves.toMatchObject({ ok: true });
    // The confirmed spike does not pause the shop again on the next check.
    expect(await checkSpendAnomalies(ctx, notifier, now, DEFAULT_ANOMALY_OPTIONS)).toEqual([]);
    expect((await ctx.db.shop.findUniqueOrThrow({ where: { id: spiky.shopId } })).pausedAt).toBeNull();
  });
});

describe("margin report", () => {
  it("sets provider cost against credits charged (net of refunds) per model and per shop", async () => {
    const since = new Date();
    const shop = await newShop();
    const g1 = await spend(shop, 50_000, new Date(), "flux-2-pro");
    const g2 = await spend(shop, 60_000, new Date(), "flux-2-pro");
    const g3 = await spend(shop, 30_000, new Date(), "model-b");
    for (const [g, credits] of [
      [g1, 2],
      [g2, 2],
      [g3, 1],
    ] as const) {
      await reserveCredits(ctx.db, { shopId: shop.shopId, generationId: g.id, amount: credits, idempotencyKey: `${g.id}:r` });
      await commitCredits(ctx.db, { shopId: shop.shopId, generationId: g.id, idempotencyKey: `${g.id}:c` });
    }
    await refundCredits(ctx.db, { shopId: shop.shopId, generationId: g2.id, idempotencyKey: `${g2.id}:refund`, reason: "bad result" });

    const byModel = await marginReport(ctx, { by: "model", since });
    expect(byModel).toEqual([
      // 2 credits charged (4 minus the 2 refunded) at $0.04 = $0.08 against $0.11 of provider cost.
      { key: "flux-2-pro", generations: 2, providerCostMicroUsd: 110_000, creditsCharged: 2, revenueMicroUsd: 80_000, marginMicroUsd: -30_000, marginBasisPoints: -3750 },
      { key: "model-b", generations: 1, providerCostMicroUsd: 30_000, creditsCharged: 1, revenueMicroUsd: 40_000, marginMicroUsd: 10_000, marginBasisPoints: 2500 },
    ]);
    const byShop = await marginReport(ctx, { by: "shop", since });
    expect(byShop).toEqual([expect.objectContaining({ key: shop.domain, generations: 3, providerCostMicroUsd: 140_000, creditsCharged: 3 })]);
  });
});
