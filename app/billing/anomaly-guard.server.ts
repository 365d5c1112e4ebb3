/**
 * Anomaly guard: a shop whose credit spend in the last window is far above its own norm (a
 * runaway automation rule, a script hammering the API, a bug) is paused until the merchant
 * confirms. Spend here is credits reserved, refunds and releases not subtracted: a loop of failing
 * generations still burns provider money. The norm is the shop's average per window over the
 * previous days; a floor keeps small or new shops from tripping on their first busy hour.
 *
 * After the merchant resumes, the guard leaves the shop alone for a while (a Redis key with a
 * TTL), so the spike they just confirmed does not pause them again on the next check.
 */
import type { AppContext } from "../context.server";
import type { Notifier } from "./notifier";

type GuardContext = Pick<AppContext, "db" | "log" | "redis" | "env">;

export interface AnomalyOptions {
  /** The recent window compared with the norm. */
  windowMs: number;
  /** How far back the norm looks. */
  baselineMs: number;
  /** Pause when recent spend exceeds this multiple of the norm per window… */
  factor: number;
  /** …and is at least this many credits. */
  minCredits: number;
  /** How long a resumed shop is exempt. */
  acknowledgeMs: number;
}

export const DEFAULT_ANOMALY_OPTIONS: AnomalyOptions = {
  windowMs: 3600_000,
  baselineMs: 7 * 86_400_000,
  factor: 5,
  minCredits: 100,
  acknowledgeMs: 24 * 3600_000,
};

export interface PausedShop {
  shopId: string;
  recentCredits: number;
  normCredits: number;
  reason: string;
}

function acknowledgedKey(prefix: string, shopId: string): string {
  return `${prefix}:anomaly-acknowledged:${shopId}`;
}

export async function checkSpendAnomalies(
  ctx: GuardContext,
  notifier: Notifier,
  now = new Date(),
  options: AnomalyOptions = DEFAULT_ANOMALY_OPTIONS,
): Promise<PausedShop[]> {
  const windowStart = new Date(now.getTime() - options.windowMs);
  const baselineStart = new Date(windowStart.getTime() - options.baselineMs);
  const rows = await ctx.db.$queryRaw<Array<{ shopId: string; recent: number; baseline: number }>>`
    SELECT l."shopId",
      (-SUM(l.amount) FILTER (WHERE l."createdAt" >= ${windowStart}))::int AS recent,
      COALESCE(-SUM(l.amount) FILTER (WHERE l."createdAt" < ${windowStart}), 0)::int AS baseline
    FROM "LedgerEntry" l
    JOIN "Shop" s ON s.id = l."shopId" AND s."pausedAt" IS NULL
    WHERE l.kind = 'reserve' AND l."createdAt" >= ${baselineStart} AND l."createdAt" <= ${now}
    GROUP BY l."shopId"
    HAVING -SUM(l.amount) FILTER (WHERE l."createdAt" >= ${windowStart}) >= ${options.minCredits}`;

  const paused: PausedShop[] = [];
  const windowsInBaseline = options.baselineMs / options.windowMs;
  for (const row of rows) {
    const norm = row.baseline / windowsInBaseline;
    if (row.recent <= options.factor * norm) continue;
    if (await ctx.redis.exists(acknowledgedKey(ctx.env.REDIS_PREFIX, row.shopId))) continue;
    const hours = Math.round(options.windowMs / 3600_000);
    const window = hours === 1 ? "the last hour" : `the last ${hours} hours`;
    const reason =
      norm >= 1
        ? `${row.recent} credits were used in ${window}, ${Math.round(row.recent / norm)}x your usual rate`
        : `${row.recent} credits were used in ${window}, far above your usual rate`;
    const { count } = await ctx.db.shop.updateMany({ where: { id: row.shopId, pausedAt: null }, data: { pausedAt: now, pausedReason: reason } });
    if (count === 0) continue;
    const figures = { recentCredits: row.recent, normCredits: Math.round(norm * 100) / 100, windowMs: options.windowMs };
    ctx.log.warn({ shopId: row.shopId, ...figures }, "shop paused by the anomaly guard");
    try {
      await notifier.notify({ kind: "shop_paused", shopId: row.shopId, message: `Shop paused pending merchant confirmation: ${reason}.`, figures });
    } catch (error) {
      ctx.log.error({ err: error, shopId: row.shopId }, "anomaly notifier failed");
    }
    paused.push({ shopId: row.shopId, recentCredits: row.recent, normCredits: norm, reason });
  }
  return paused;
}

/** The merchant confirms the activity: generations run again and the guard looks away for a while. */
export async function resumeShop(
  ctx: Pick<AppContext, "db" | "log" | "redis" | "env">,
  shopId: string,
  acknowledgeMs = DEFAULT_ANOMALY_OPTIONS.acknowledgeMs,
): Promise<boolean> {
  await ctx.redis.set(acknowledgedKey(ctx.env.REDIS_PREFIX, shopId), "1", "PX", acknowledgeMs);
  const { count } = await ctx.db.shop.updateMany({ where: { id: shopId, pausedAt: { not: null } }, data: { pausedAt: null, pausedReason: null } });
  if (count > 0) ctx.log.info({ shopId }, "shop resumed by the merchant");
  return count > 0;
}
