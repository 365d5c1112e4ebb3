/**
 * Reclaims reservations nobody will close: the job that held them crashed, was lost, or ended
 * without reaching the ledger. Runs as a repeatable maintenance job (jobs/sweep-reservations.ts).
 *
 * For each generation with an open reservation:
 *  - delivered to the merchant (published, or published then reverted) → commit: the crash
 *    happened between success and commit, and the work was done;
 *  - failed, cancelled or rejected → release;
 *  - still in flight but untouched for longer than the TTL → release (stuck);
 *  - no generation row at all and the reservation older than the TTL → release (the request
 *    crashed between reserving and creating the row);
 *  - waiting for the merchant (ready_for_review) → left alone: review can take days.
 */
import type { GenerationStatus } from "@prisma/client";
import type { AppContext } from "../context.server";
import { commitCredits, releaseCredits } from "./ledger.server";

export const DELIVERED_STATUSES: readonly GenerationStatus[] = ["published", "reverted"];
export const ABANDONED_STATUSES: readonly GenerationStatus[] = ["failed", "cancelled", "rejected"];
export const IN_FLIGHT_STATUSES: readonly GenerationStatus[] = ["pending", "analysing", "generating", "validating", "publishing"];

export const DEFAULT_RESERVATION_TTL_MS = 2 * 3600_000;

export interface SweepResult {
  committed: Array<{ generationId: string; credits: number }>;
  released: Array<{ generationId: string; credits: number; why: string }>;
}

interface OpenReservation {
  shopId: string;
  generationId: string;
  held: number;
  /** Reserve entries so far: keys a release to this reservation, not to an earlier released one. */
  reserves: number;
  reservedAt: Date;
}

/** Generations whose reserve entries are neither committed nor fully released. */
async function openReservations(ctx: Pick<AppContext, "db">, limit: number): Promise<OpenReservation[]> {
  return ctx.db.$queryRaw<OpenReservation[]>`
    SELECT "shopId", "generationId", (-SUM(amount))::int AS held,
      (COUNT(*) FILTER (WHERE kind = 'reserve'))::int AS reserves, MIN("createdAt") AS "reservedAt"
    FROM "LedgerEntry"
    WHERE "generationId" IS NOT NULL AND kind IN ('reserve', 'release', 'commit')
    GROUP BY "shopId", "generationId"
    HAVING NOT bool_or(kind = 'commit') AND -SUM(amount) > 0
    ORDER BY MIN("createdAt")
    LIMIT ${limit}`;
}

export async function sweepExpiredReservations(
  ctx: Pick<AppContext, "db" | "log">,
  options: { ttlMs?: number; now?: Date; limit?: number } = {},
): Promise<SweepResult> {
  const ttlMs = options.ttlMs ?? DEFAULT_RESERVATION_TTL_MS;
  const cutoff = new Date((options.now ?? new Date()).getTime() - ttlMs);
  const open = await openReservations(ctx, options.limit ?? 500);
  const generations = await ctx.db.generation.findMany({
    where: { id: { in: open.map((r) => r.generationId) } },
    select: { id: true, status: true, updatedAt: true },
  });
  const byId = new Map(generations.map((g) => [g.id, g]));
  const result: SweepResult = { committed: [], released: [] };

  for (const reservation of open) {
    const { shopId, generationId } = reservation;
    const generation = byId.get(generationId);
    let releaseWhy: string | undefined;
    if (!generation) {
      if (reservation.reservedAt < cutoff) releaseWhy = "no generation was created for this reservation";
    } else if (DELIVERED_STATUSES.includes(generation.status)) {
      const { committed } = await commitCredits(ctx.db, { shopId, generationId, idempotencyKey: `sweep:${generationId}:commit` });
      if (committed > 0) {
        result.committed.push({ generationId, credits: committed });
        ctx.log.warn({ shopId, generationId, credits: committed }, "sweeper committed a delivered generation's reservation");
      }
      continue;
    } else if (ABANDONED_STATUSES.includes(generation.status)) {
      releaseWhy = `generation ${generation.status}`;
    } else if (IN_FLIGHT_STATUSES.includes(generation.status) && generation.updatedAt < cutoff) {
      releaseWhy = `generation stuck in ${generation.status} for more than ${Math.round(ttlMs / 60_000)} minutes`;
    }
    if (!releaseWhy) continue;
    const { released } = await releaseCredits(ctx.db, {
      shopId,
      generationId,
      idempotencyKey: `sweep:${generationId}:release:${reservation.reserves}`,
      reason: releaseWhy,
    });
    if (released > 0) {
      result.released.push({ generationId, credits: released, why: releaseWhy });
      ctx.log.info({ shopId, generationId, credits: released, why: releaseWhy }, "sweeper released a reservation");
    }
  }
  return result;
}
