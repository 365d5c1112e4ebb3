/**
 * Per-shop daily spend on analysis (and brand-kit prefill) calls, in micro-dollars, kept in Redis
 * under the deployment's prefix. A call first reserves its worst-case cost atomically (so parallel
 * workers cannot overshoot together), then settles to the actual cost from the token usage.
 */
import type { Redis } from "ioredis";
import { UserFacingError } from "../errors";

const DAY_SECONDS = 24 * 3600;

// INCRBY then refuse (and undo) when over the limit: one round trip, atomic per key.
const RESERVE = `
local spent = redis.call('INCRBY', KEYS[1], ARGV[1])
if spent == tonumber(ARGV[1]) then redis.call('EXPIRE', KEYS[1], ARGV[3]) end
if spent > tonumber(ARGV[2]) then
  redis.call('DECRBY', KEYS[1], ARGV[1])
  return -1
end
return spent`;

export interface AnalysisBudget {
  redis: Redis;
  prefix: string;
  shopId: string;
  dailyLimitMicroUsd: number;
  now?: Date;
}

function spendKey(budget: AnalysisBudget): string {
  const day = (budget.now ?? new Date()).toISOString().slice(0, 10);
  return `${budget.prefix}:intelligence:analysis-spend:${budget.shopId}:${day}`;
}

function secondsToMidnightUtc(now: Date): number {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return Math.max(1, Math.ceil((midnight - now.getTime()) / 1000));
}

/** Reserves `amount`; throws a merchant-readable error when today's budget cannot cover it. */
async function reserveAnalysisSpend(budget: AnalysisBudget, amount: number): Promise<void> {
  const result = Number(
    await budget.redis.eval(RESERVE, 1, spendKey(budget), amount, budget.dailyLimitMicroUsd, 2 * DAY_SECONDS),
  );
  if (result < 0) {
    const now = budget.now ?? new Date();
    throw new UserFacingError({
      code: "analysis_budget_exceeded",
      message:
        "Today's product analysis budget is used up. Analysis resumes tomorrow, or raise the daily analysis budget in Settings.",
      httpStatus: 429,
      retryAfterMs: secondsToMidnightUtc(now) * 1000,
      details: { dailyLimitMicroUsd: budget.dailyLimitMicroUsd },
    });
  }
}

/** Replaces a reservation by the actual cost (or releases it entirely when the call failed). */
async function settleAnalysisSpend(budget: AnalysisBudget, reserved: number, actual: number): Promise<void> {
  const delta = actual - reserved;
  if (delta !== 0) await budget.redis.incrby(spendKey(budget), delta);
}

export async function analysisSpentToday(budget: AnalysisBudget): Promise<number> {
  return Number((await budget.redis.get(spendKey(budget))) ?? 0);
}

/**
 * Runs one paid call inside the budget: reserves `reserveMicroUsd` (throwing when today's budget
 * cannot cover it), then settles to the call's reported cost, or to nothing when it failed.
 */
export async function withinAnalysisBudget<T extends { costMicroUsd: number }>(
  budget: AnalysisBudget,
  reserveMicroUsd: number,
  call: () => Promise<T>,
): Promise<T> {
  await reserveAnalysisSpend(budget, reserveMicroUsd);
  let result: T;
  try {
    result = await call();
  } catch (error) {
    await settleAnalysisSpend(budget, reserveMicroUsd, 0);
    throw error;
  }
  await settleAnalysisSpend(budget, reserveMicroUsd, result.costMicroUsd);
  return result;
}
