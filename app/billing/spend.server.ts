/**
 * How much has been spent, in the two currencies that matter: credits (what the merchant's caps
 * count, from the ledger) and provider USD (what Glint pays, from Generation.costMicroUsd, the
 * providers' actual costs). Days and months are UTC.
 */
import type { AppContext } from "../context.server";

export function startOfUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

export function startOfUtcMonth(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

/** "2026-11-26" */
export function utcDay(now: Date): string {
  return startOfUtcDay(now).toISOString().slice(0, 10);
}

/**
 * Credits held or charged since `since`: reservations made in the window minus what was released
 * in it. Open reservations count, so concurrent requests cannot slip past a cap together.
 * With `source`, only generations from that source (e.g. "automation").
 */
export async function creditsSpentSince(
  ctx: Pick<AppContext, "db">,
  shopId: string,
  since: Date,
  source?: string,
): Promise<number> {
  const [row] = await ctx.db.$queryRaw<Array<{ spent: number }>>`
    SELECT GREATEST(0, COALESCE(-SUM(l.amount), 0))::int AS spent
    FROM "LedgerEntry" l
    LEFT JOIN "Generation" g ON g.id = l."generationId"
    WHERE l."shopId" = ${shopId}
      AND l.kind IN ('reserve', 'release')
      AND l."createdAt" >= ${since}
      AND (${source ?? null}::text IS NULL OR g.source = ${source ?? null}::text)`;
  return row?.spent ?? 0;
}

/** Provider cost in micro-USD of generations requested since `since`: one shop, or all shops. */
export async function providerSpendSince(ctx: Pick<AppContext, "db">, since: Date, shopId?: string): Promise<number> {
  // bigint in SQL: a busy day of all shops passes 2^31 micro-dollars ($2,147).
  const [row] = await ctx.db.$queryRaw<Array<{ spent: bigint }>>`
    SELECT COALESCE(SUM("costMicroUsd"), 0)::bigint AS spent
    FROM "Generation"
    WHERE "createdAt" >= ${since} AND (${shopId ?? null}::text IS NULL OR "shopId" = ${shopId ?? null}::text)`;
  return Number(row?.spent ?? 0);
}

/** Provider cost per shop since `since`, for shops that spent anything. */
export async function providerSpendByShopSince(ctx: Pick<AppContext, "db">, since: Date): Promise<Array<{ shopId: string; microUsd: number }>> {
  const rows = await ctx.db.$queryRaw<Array<{ shopId: string; spent: bigint }>>`
    SELECT "shopId", SUM("costMicroUsd")::bigint AS spent
    FROM "Generation"
    WHERE "createdAt" >= ${since} AND "costMicroUsd" > 0
    GROUP BY "shopId"`;
  return rows.map((r) => ({ shopId: r.shopId, microUsd: Number(r.spent) }));
}

/** "$12.34" from micro-USD, for messages and logs. */
export function formatUsd(microUsd: number): string {
  return `$${(Math.round(microUsd / 10_000) / 100).toFixed(2)}`;
}
