/**
 * The one gate in front of every generation: the request path calls `checkSpendAllowed` before it
 * reserves credits. It refuses, with a UserFacingError a merchant can act on, when the shop is
 * paused, Glint's global provider budget for the day is spent, the shop has too much in flight,
 * a merchant-set cap would be exceeded, credits are short, or requests come too fast.
 * `quoteCredits` runs the same checks without consuming anything, so the UI can show the cost,
 * the balance and any block BEFORE the merchant clicks.
 */
import type { AppContext } from "../context.server";
import { UserFacingError } from "../errors";
import { defaultRegistry, type Registry } from "../providers/registry";
import type { AdminGraphqlFn } from "./admin-graphql";
import { getBalance } from "./ledger.server";
import { buyOverageCredits } from "./overage.server";
import { generationBucketKey, peekTokens, takeTokens } from "./rate-limit.server";
import { readSpendingSettings, type SpendingSettings } from "./spending-settings";
import { creditsSpentSince, providerSpendSince, startOfUtcDay, startOfUtcMonth } from "./spend.server";
import { IN_FLIGHT_STATUSES } from "./sweep.server";

export const AUTOMATION_SOURCE = "automation";

type GuardContext = Pick<AppContext, "db" | "redis" | "env" | "log">;

export interface SpendRequest {
  shopId: string;
  /** Total credits the request will reserve. */
  credits: number;
  /** Generation.source: "app", "extension", "automation"… */
  source: string;
  /** Generations the request creates (a bulk run: one per product and style). Default 1. */
  generations?: number;
  /** With an admin client, a shop on a plan buys overage credits instead of being refused. */
  admin?: AdminGraphqlFn;
  now?: Date;
}

interface ShopState {
  shop: { id: string; pausedAt: Date | null; pausedReason: string | null };
  settings: SpendingSettings;
  balance: number;
}

const msUntilNextUtcDay = (now: Date) => startOfUtcDay(now).getTime() + 86_400_000 - now.getTime();
const msUntilNextUtcMonth = (now: Date) => Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1) - now.getTime();
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

async function loadShopState(ctx: GuardContext, shopId: string): Promise<ShopState> {
  const shop = await ctx.db.shop.findUniqueOrThrow({
    where: { id: shopId },
    select: { id: true, pausedAt: true, pausedReason: true, settings: true },
  });
  return { shop, settings: readSpendingSettings(shop.settings), balance: await getBalance(ctx.db, shopId) };
}

/** Every check except the balance and the rate limit; throws the first that fails. */
async function checkLimits(ctx: GuardContext, request: SpendRequest, state: ShopState, now: Date): Promise<void> {
  const { shop, settings } = state;
  if (shop.pausedAt) {
    throw new UserFacingError({
      code: "paused",
      httpStatus: 423,
      message: `New generations are paused for your store: ${shop.pausedReason ?? "unusual activity"}. Check your recent generations, then resume from the Billing page.`,
    });
  }

  const globalSpent = await providerSpendSince(ctx, startOfUtcDay(now));
  if (globalSpent >= ctx.env.GLOBAL_DAILY_PROVIDER_CAP_USD * 1_000_000) {
    ctx.log.error({ globalSpentMicroUsd: globalSpent, capUsd: ctx.env.GLOBAL_DAILY_PROVIDER_CAP_USD }, "global daily provider spend cap reached");
    throw new UserFacingError({
      code: "global_cap",
      httpStatus: 503,
      retryAfterMs: msUntilNextUtcDay(now),
      message: "Glint has paused new generations for today to protect against runaway costs. They resume at midnight UTC; nothing was charged.",
    });
  }

  const generations = request.generations ?? 1;
  const inFlight = await ctx.db.generation.count({ where: { shopId: shop.id, status: { in: [...IN_FLIGHT_STATUSES] } } });
  const maxInFlight = ctx.env.RATE_LIMIT_CONCURRENT_GENERATIONS;
  if (generations > maxInFlight) {
    throw new UserFacingError({
      code: "rate_limited",
      httpStatus: 429,
      message: `One run can start at most ${maxInFlight} generations. Select fewer products or styles and run the rest afterwards.`,
      details: { requested: generations, maxInFlight },
    });
  }
  if (inFlight + generations > maxInFlight) {
    throw new UserFacingError({
      code: "rate_limited",
      httpStatus: 429,
      retryAfterMs: 30_000,
      message: `You have ${plural(inFlight, "generation")} in progress and can run up to ${maxInFlight} at once. Wait for some to finish, then try again.`,
      details: { inFlight, maxInFlight },
    });
  }

  const capCheck = async (cap: number | undefined, code: string, since: Date, label: string, retryAfterMs: number, source?: string) => {
    if (cap === undefined) return;
    const spent = await creditsSpentSince(ctx, shop.id, since, source);
    if (spent + request.credits <= cap) return;
    throw new UserFacingError({
      code,
      httpStatus: 403,
      retryAfterMs,
      message: `This needs ${plural(request.credits, "credit")}, but only ${plural(Math.max(0, cap - spent), "credit")} remain of your ${label} limit of ${cap} (${spent} used). Raise the limit in Settings or wait until it resets.`,
      details: { cap, spent, requested: request.credits },
    });
  };
  await capCheck(settings.dailyCreditCap, "daily_cap", startOfUtcDay(now), "daily", msUntilNextUtcDay(now));
  await capCheck(settings.monthlyCreditCap, "monthly_cap", startOfUtcMonth(now), "monthly", msUntilNextUtcMonth(now));
  if (request.source === AUTOMATION_SOURCE) {
    await capCheck(settings.automationDailyCreditCap, "automation_cap", startOfUtcDay(now), "daily automation", msUntilNextUtcDay(now), AUTOMATION_SOURCE);
  }
}

function insufficientCredits(credits: number, balance: number): UserFacingError {
  return new UserFacingError({
    code: "insufficient_credits",
    httpStatus: 402,
    message: `This needs ${plural(credits, "credit")} and you have ${balance}. Buy a credit pack or choose a plan with more credits.`,
    details: { needed: credits - balance, balance, requested: credits },
  });
}

/**
 * Allows the request or throws a UserFacingError (rate_limited, global_cap, paused, daily_cap,
 * monthly_cap, automation_cap, insufficient_credits, overage_cap). Takes one rate-limit token
 * per call, and only when every other check passed, so a refused request costs nothing.
 */
export async function checkSpendAllowed(ctx: GuardContext, request: SpendRequest): Promise<{ ok: true; balance: number }> {
  if (!Number.isInteger(request.credits) || request.credits <= 0) throw new RangeError(`credits must be a positive integer, got ${request.credits}`);
  const now = request.now ?? new Date();
  const state = await loadShopState(ctx, request.shopId);
  await checkLimits(ctx, request, state, now);

  let balance = state.balance;
  if (balance < request.credits && request.admin && state.settings.autoOverage) {
    const { granted } = await buyOverageCredits(ctx, request.admin, { shopId: request.shopId, creditsNeeded: request.credits - balance });
    if (granted > 0) balance = await getBalance(ctx.db, request.shopId);
  }
  if (balance < request.credits) throw insufficientCredits(request.credits, balance);

  const perMinute = ctx.env.RATE_LIMIT_GENERATIONS_PER_MINUTE;
  const taken = await takeTokens(ctx.redis, generationBucketKey(ctx.env.REDIS_PREFIX, request.shopId), { capacity: perMinute, perMinute });
  if (!taken.allowed) throw rateLimited(perMinute, taken.retryAfterMs);
  return { ok: true, balance };
}

function rateLimited(perMinute: number, retryAfterMs: number): UserFacingError {
  return new UserFacingError({
    code: "rate_limited",
    httpStatus: 429,
    retryAfterMs,
    message: `You're starting generations faster than ${perMinute} a minute. Try again in ${plural(Math.max(1, Math.ceil(retryAfterMs / 1000)), "second")}.`,
    details: { perMinute },
  });
}

/**
 * The rate-limit refusal `checkSpendAllowed` would give right now, without taking a token: lets a
 * request path refuse before doing costly work (reading products from Shopify) for nothing.
 */
export async function rateLimitRefusal(ctx: Pick<GuardContext, "redis" | "env">, shopId: string): Promise<UserFacingError | undefined> {
  const perMinute = ctx.env.RATE_LIMIT_GENERATIONS_PER_MINUTE;
  const peek = await peekTokens(ctx.redis, generationBucketKey(ctx.env.REDIS_PREFIX, shopId), { capacity: perMinute, perMinute });
  return peek.allowed ? undefined : rateLimited(perMinute, peek.retryAfterMs);
}

export interface CreditQuote {
  modelId: string;
  creditsEach: number;
  count: number;
  totalCredits: number;
  balance: number;
  balanceAfter: number;
  /** Why the request would be refused right now (the same message the request would get). */
  blocked?: { code: string; message: string; retryAfterMs?: number };
}

/** What running `count` generations on `modelId` would cost, and whether it would be allowed. */
export async function quoteCredits(
  ctx: GuardContext,
  input: {
    shopId: string;
    modelId: string;
    /** The price of one when it is not the model's registry credits (multi-photo stills run no model). */
    creditsEach?: number;
    count?: number;
    source?: string;
    registry?: Registry;
    now?: Date;
  },
): Promise<CreditQuote> {
  const registry = input.registry ?? defaultRegistry();
  const creditsEach = input.creditsEach ?? registry.get(input.modelId).credits;
  const count = input.count ?? 1;
  const totalCredits = creditsEach * count;
  const now = input.now ?? new Date();
  const state = await loadShopState(ctx, input.shopId);
  const quote: CreditQuote = {
    modelId: input.modelId,
    creditsEach,
    count,
    totalCredits,
    balance: state.balance,
    balanceAfter: state.balance - totalCredits,
  };
  try {
    await checkLimits(ctx, { shopId: input.shopId, credits: totalCredits, source: input.source ?? "app", generations: count }, state, now);
    if (state.balance < totalCredits) throw insufficientCredits(totalCredits, state.balance);
  } catch (error) {
    if (!(error instanceof UserFacingError)) throw error;
    quote.blocked = { code: error.code, message: error.message, retryAfterMs: error.retryAfterMs };
  }
  return quote;
}
