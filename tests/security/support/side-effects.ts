/**
 * Everything a refused request must leave untouched: rows that cost money or trigger work
 * (generations, batches, ledger entries, assets, webhook events, sessions), queued jobs in every
 * queue, rate-limit buckets in Redis (an unauthenticated caller must not drain a shop's quota),
 * and files in storage.
 */
import { readdir } from "node:fs/promises";
import type { AppContext } from "../../../app/context.server";

export interface SideEffectSnapshot {
  rows: Record<string, number>;
  /** id → status/charge of every generation: a refused approve or cancel must not move one. */
  generationStates: Record<string, string>;
  ledgerSum: number;
  jobs: number;
  /** Stored state of every rate-limit bucket (changes only when a token is taken). */
  rateLimits: Record<string, Record<string, string>>;
  files: number;
}

async function countFiles(dir: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).length;
}

async function rateLimitBuckets(ctx: Pick<AppContext, "redis" | "env">): Promise<SideEffectSnapshot["rateLimits"]> {
  const buckets: SideEffectSnapshot["rateLimits"] = {};
  let cursor = "0";
  do {
    const [next, keys] = await ctx.redis.scan(cursor, "MATCH", `${ctx.env.REDIS_PREFIX}:ratelimit:*`, "COUNT", 500);
    cursor = next;
    for (const key of keys) buckets[key] = await ctx.redis.hgetall(key);
  } while (cursor !== "0");
  return buckets;
}

export async function sideEffects(ctx: Pick<AppContext, "db" | "queues" | "redis" | "env">, storageDir: string): Promise<SideEffectSnapshot> {
  const { db } = ctx;
  const [generations, batches, ledgerEntries, assets, webhookEvents, sessions, shops, ledger, states] = await Promise.all([
    db.generation.count(),
    db.batch.count(),
    db.ledgerEntry.count(),
    db.asset.count(),
    db.webhookEvent.count(),
    db.session.count(),
    db.shop.count(),
    db.ledgerEntry.aggregate({ _sum: { amount: true } }),
    db.generation.findMany({ select: { id: true, status: true, creditsCharged: true, updatedAt: true } }),
  ]);
  let jobs = 0;
  for (const queue of Object.values(ctx.queues)) {
    const counts = await queue.getJobCounts();
    jobs += Object.values(counts).reduce((sum, n) => sum + n, 0);
  }
  return {
    rows: { generations, batches, ledgerEntries, assets, webhookEvents, sessions, shops },
    generationStates: Object.fromEntries(states.map((g) => [g.id, `${g.status}/${g.creditsCharged}/${g.updatedAt.toISOString()}`])),
    ledgerSum: ledger._sum.amount ?? 0,
    jobs,
    rateLimits: await rateLimitBuckets(ctx),
    files: await countFiles(storageDir),
  };
}
