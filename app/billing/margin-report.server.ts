/**
 * Margin report for the operator: what providers cost (Generation.costMicroUsd, actual costs)
 * against what merchants were charged (credits committed in the ledger, minus refunds, valued at
 * the registry's retail credit value), per model or per shop, over a period.
 */
import type { AppContext } from "../context.server";
import { defaultRegistry, type Registry } from "../providers/registry";

export interface MarginRow {
  /** Model id, or shop domain. */
  key: string;
  generations: number;
  providerCostMicroUsd: number;
  creditsCharged: number;
  revenueMicroUsd: number;
  marginMicroUsd: number;
  /** Margin as a share of revenue, in basis points (integer); null when nothing was charged. */
  marginBasisPoints: number | null;
}

export async function marginReport(
  ctx: Pick<AppContext, "db">,
  input: { by: "model" | "shop"; since: Date; until?: Date; registry?: Registry },
): Promise<MarginRow[]> {
  const until = input.until ?? new Date();
  const byModel = input.by === "model";
  const rows = await ctx.db.$queryRaw<Array<{ key: string; generations: number; cost: bigint; credits: bigint }>>`
    WITH charged AS (
      SELECT "generationId",
        CASE WHEN bool_or(kind = 'commit')
          THEN COALESCE(-SUM(amount) FILTER (WHERE kind IN ('reserve', 'release')), 0)
             - COALESCE(SUM(amount) FILTER (WHERE kind = 'refund'), 0)
          ELSE 0 END AS credits
      FROM "LedgerEntry"
      WHERE "generationId" IS NOT NULL
      GROUP BY "generationId"
    )
    SELECT CASE WHEN ${byModel} THEN COALESCE(g."modelId", '(no model)') ELSE s.domain END AS key,
      COUNT(*)::int AS generations,
      COALESCE(SUM(g."costMicroUsd"), 0)::bigint AS cost,
      COALESCE(SUM(c.credits), 0)::bigint AS credits
    FROM "Generation" g
    JOIN "Shop" s ON s.id = g."shopId"
    LEFT JOIN charged c ON c."generationId" = g.id
    WHERE g."createdAt" >= ${input.since} AND g."createdAt" < ${until}
    GROUP BY 1
    ORDER BY 1`;
  const creditValue = (input.registry ?? defaultRegistry()).config.creditValueMicroUsd;
  return rows.map((row) => {
    const providerCostMicroUsd = Number(row.cost);
    const creditsCharged = Number(row.credits);
    const revenueMicroUsd = creditsCharged * creditValue;
    const marginMicroUsd = revenueMicroUsd - providerCostMicroUsd;
    return {
      key: row.key,
      generations: row.generations,
      providerCostMicroUsd,
      creditsCharged,
      revenueMicroUsd,
      marginMicroUsd,
      marginBasisPoints: revenueMicroUsd > 0 ? Math.round((marginMicroUsd * 10_000) / revenueMicroUsd) : null,
    };
  });
}
