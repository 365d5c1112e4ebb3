/**
 * Daily cost alerts. When today's provider spend (actual provider costs) crosses a threshold, for
 * all shops together or for one shop, Glint records a SpendAlert (listed in the app as a banner),
 * logs a warning with the figures and tells the Notifier. The unique (scope, day, threshold) row
 * is the "once": however often the check runs, and from however many workers, each threshold
 * fires once per UTC day.
 */
import type { AppContext } from "../context.server";
import type { Notifier } from "./notifier";
import { readSpendingSettings } from "./spending-settings";
import { formatUsd, providerSpendByShopSince, providerSpendSince, startOfUtcDay, utcDay } from "./spend.server";

type AlertContext = Pick<AppContext, "db" | "log" | "env">;

export const GLOBAL_SCOPE = "global";

export interface FiredAlert {
  id: string;
  scopeKey: string;
  shopId: string | null;
  day: string;
  thresholdMicroUsd: number;
  spentMicroUsd: number;
  message: string;
}

export function parseThresholdsUsd(list: string): number[] {
  return list.split(",").map(Number).filter((n) => Number.isInteger(n) && n > 0);
}

/** Records the alert unless this scope already has one for the day and threshold; returns it if new. */
async function recordOnce(
  ctx: AlertContext,
  alert: { scopeKey: string; shopId: string | null; day: string; thresholdMicroUsd: number; spentMicroUsd: number; message: string },
): Promise<FiredAlert | undefined> {
  const rows = await ctx.db.$queryRaw<Array<{ id: string }>>`
    INSERT INTO "SpendAlert" ("id", "scopeKey", "shopId", "day", "thresholdMicroUsd", "spentMicroUsd", "message")
    VALUES (gen_random_uuid()::text, ${alert.scopeKey}, ${alert.shopId}, ${alert.day}, ${BigInt(alert.thresholdMicroUsd)}, ${BigInt(alert.spentMicroUsd)}, ${alert.message})
    ON CONFLICT ("scopeKey", "day", "thresholdMicroUsd") DO NOTHING
    RETURNING "id"`;
  return rows[0] ? { id: rows[0].id, ...alert } : undefined;
}

/** Checks every threshold for today and fires the ones newly crossed. */
export async function checkDailySpendAlerts(ctx: AlertContext, notifier: Notifier, now = new Date()): Promise<FiredAlert[]> {
  const day = utcDay(now);
  const since = startOfUtcDay(now);
  const candidates: Array<Parameters<typeof recordOnce>[1]> = [];

  const globalSpent = await providerSpendSince(ctx, since);
  for (const usd of parseThresholdsUsd(ctx.env.GLOBAL_SPEND_ALERT_THRESHOLDS_USD)) {
    if (globalSpent < usd * 1_000_000) continue;
    candidates.push({
      scopeKey: GLOBAL_SCOPE,
      shopId: null,
      day,
      thresholdMicroUsd: usd * 1_000_000,
      spentMicroUsd: globalSpent,
      message: `Provider spend across all stores reached ${formatUsd(globalSpent)} on ${day}, past the ${formatUsd(usd * 1_000_000)} alert threshold.`,
    });
  }

  const byShop = await providerSpendByShopSince(ctx, since);
  const shops = await ctx.db.shop.findMany({ where: { id: { in: byShop.map((s) => s.shopId) } }, select: { id: true, domain: true, settings: true } });
  const shopById = new Map(shops.map((s) => [s.id, s]));
  const defaultShopThresholds = parseThresholdsUsd(ctx.env.SHOP_SPEND_ALERT_THRESHOLDS_USD);
  for (const { shopId, microUsd } of byShop) {
    const shop = shopById.get(shopId);
    if (!shop) continue;
    const thresholds = readSpendingSettings(shop.settings).alertThresholdsUsd ?? defaultShopThresholds;
    for (const usd of thresholds) {
      if (microUsd < usd * 1_000_000) continue;
      candidates.push({
        scopeKey: shopId,
        shopId,
        day,
        thresholdMicroUsd: usd * 1_000_000,
        spentMicroUsd: microUsd,
        message: `Provider spend for ${shop.domain} reached ${formatUsd(microUsd)} on ${day}, past the ${formatUsd(usd * 1_000_000)} alert threshold.`,
      });
    }
  }

  const fired: FiredAlert[] = [];
  for (const candidate of candidates) {
    const alert = await recordOnce(ctx, candidate);
    if (!alert) continue;
    fired.push(alert);
    const figures = {
      day,
      thresholdUsd: formatUsd(alert.thresholdMicroUsd),
      spentUsd: formatUsd(alert.spentMicroUsd),
      thresholdMicroUsd: alert.thresholdMicroUsd,
      spentMicroUsd: alert.spentMicroUsd,
    };
    ctx.log.warn({ alert: "daily_spend", scope: alert.scopeKey, shopId: alert.shopId ?? undefined, ...figures }, alert.message);
    try {
      await notifier.notify({ kind: "spend_threshold", message: alert.message, shopId: alert.shopId ?? undefined, figures });
    } catch (error) {
      // The alert is recorded and shown in the app; a notifier outage must not hide it.
      ctx.log.error({ err: error, alertId: alert.id }, "spend alert notifier failed");
    }
  }
  return fired;
}

/** Alerts for the app's banner: one shop's (with the global ones when `includeGlobal`), newest first. */
export async function listSpendAlerts(
  ctx: Pick<AppContext, "db">,
  input: { shopId?: string; includeGlobal?: boolean; unacknowledgedOnly?: boolean; limit?: number },
) {
  const scopes = [...(input.shopId ? [input.shopId] : []), ...(input.includeGlobal || !input.shopId ? [GLOBAL_SCOPE] : [])];
  return ctx.db.spendAlert.findMany({
    where: { scopeKey: { in: scopes }, ...(input.unacknowledgedOnly ? { acknowledgedAt: null } : {}) },
    orderBy: { createdAt: "desc" },
    take: input.limit ?? 50,
  });
}

export async function acknowledgeSpendAlert(ctx: Pick<AppContext, "db">, input: { alertId: string; shopId?: string }): Promise<boolean> {
  const { count } = await ctx.db.spendAlert.updateMany({
    where: { id: input.alertId, acknowledgedAt: null, ...(input.shopId ? { shopId: input.shopId } : {}) },
    data: { acknowledgedAt: new Date() },
  });
  return count === 1;
}
