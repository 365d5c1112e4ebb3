/**
 * Recurring plans through Shopify: create the subscription (recurring price + usage line item for
 * overage), follow its status from the return URL and the app_subscriptions/update webhook, grant
 * the monthly credit allowance once per subscription and billing period, and cancel.
 *
 * The shop's plan is always re-derived from its stored charges (the newest ACTIVE subscription),
 * so an upgrade's two webhooks (old CANCELLED, new ACTIVE) give the same result in any order.
 */
import { z } from "zod";
import type { AppCharge, Prisma, Shop } from "@prisma/client";
import type { AppContext } from "../context.server";
import { runAdmin, type AdminGraphqlFn } from "./admin-graphql";
import { chargeOfferKey, recordChargeStatus, withShopBillingLock } from "./app-charges.server";
import { grantCredits } from "./ledger.server";
import { PLANS, findPlan, moneyInput, type Plan } from "./plans";
import { APP_SUBSCRIPTION_BY_ID, APP_SUBSCRIPTION_CANCEL, APP_SUBSCRIPTION_CREATE } from "./shopify-operations";

type BillingContext = Pick<AppContext, "db" | "log" | "env">;

/** Shop.plan when no subscription is active: the free trial allowance only. */
export const NO_PLAN = "trial";
export const BILLING_PERIOD_MS = 30 * 86_400_000;

export function subscriptionGid(chargeId: string | number): string {
  return String(chargeId).startsWith("gid://") ? String(chargeId) : `gid://shopify/AppSubscription/${chargeId}`;
}

/** Shopify's approval page for a new plan; the merchant comes back to `returnUrl` with charge_id. */
export async function subscribeToPlan(
  ctx: BillingContext,
  admin: AdminGraphqlFn,
  input: { shopId: string; planKey: string; returnUrl: string },
): Promise<{ confirmationUrl: string; subscriptionId: string }> {
  const plan = findPlan(input.planKey);
  if (!plan) throw new RangeError(`Unknown plan "${input.planKey}"`);
  const payload = await runAdmin<{ confirmationUrl: string; appSubscription: { id: string; status: string } }>(
    admin,
    APP_SUBSCRIPTION_CREATE,
    "appSubscriptionCreate",
    {
      name: plan.name,
      returnUrl: input.returnUrl,
      test: ctx.env.BILLING_TEST,
      trialDays: plan.trialDays,
      lineItems: [
        { plan: { appRecurringPricingDetails: { price: moneyInput(plan.priceCents), interval: "EVERY_30_DAYS" } } },
        { plan: { appUsagePricingDetails: { cappedAmount: moneyInput(plan.overage.cappedAmountCents), terms: plan.overage.terms } } },
      ],
    },
  );
  const { id, status } = payload.appSubscription;
  await withShopBillingLock(ctx, input.shopId, (tx) =>
    recordChargeStatus(tx, { id, shopId: input.shopId, kind: "subscription", offerKey: plan.key, status, credits: plan.monthlyCredits }),
  );
  ctx.log.info({ shopId: input.shopId, plan: plan.key, subscriptionId: id, test: ctx.env.BILLING_TEST }, "subscription created, awaiting approval");
  return { confirmationUrl: payload.confirmationUrl, subscriptionId: id };
}

/** The return URL: Shopify sends the merchant back with charge_id; we ask Shopify for the truth. */
export async function confirmSubscription(
  ctx: BillingContext,
  admin: AdminGraphqlFn,
  input: { shopId: string; chargeId: string | number },
): Promise<{ status: string; plan: string; granted: number }> {
  const node = await runAdmin<{ id: string; name: string; status: string; currentPeriodEnd: string | null } | null>(
    admin,
    APP_SUBSCRIPTION_BY_ID,
    "node",
    { id: subscriptionGid(input.chargeId) },
  );
  if (!node) throw new RangeError(`Subscription ${input.chargeId} is not one of this shop's charges`);
  const shop = await ctx.db.shop.findUniqueOrThrow({ where: { id: input.shopId } });
  return applySubscriptionStatus(ctx, shop, node);
}

const subscriptionWebhookSchema = z.object({
  app_subscription: z.object({
    admin_graphql_api_id: z.string(),
    name: z.string(),
    status: z.string(),
  }),
});

/** app_subscriptions/update: activation, plan change, cancellation, decline, expiry, freeze. */
export async function handleSubscriptionUpdate(
  ctx: BillingContext,
  shopDomain: string,
  payload: unknown,
): Promise<{ status: string; plan: string; granted: number } | undefined> {
  const { app_subscription: sub } = subscriptionWebhookSchema.parse(payload);
  const shop = await ctx.db.shop.findUnique({ where: { domain: shopDomain } });
  if (!shop) {
    ctx.log.warn({ shopDomain, subscriptionId: sub.admin_graphql_api_id }, "subscription update for an unknown shop ignored");
    return undefined;
  }
  return applySubscriptionStatus(ctx, shop, { id: sub.admin_graphql_api_id, name: sub.name, status: sub.status, currentPeriodEnd: null });
}

/** Cancels the shop's active subscription; the shop falls back to its remaining credits. */
export async function cancelSubscription(
  ctx: BillingContext,
  admin: AdminGraphqlFn,
  input: { shopId: string },
): Promise<{ cancelled: string | undefined; plan: string }> {
  const active = await activeSubscription(ctx, input.shopId);
  const shop = await ctx.db.shop.findUniqueOrThrow({ where: { id: input.shopId } });
  if (!active) return { cancelled: undefined, plan: shop.plan };
  const payload = await runAdmin<{ appSubscription: { id: string; name: string; status: string; currentPeriodEnd: string | null } }>(
    admin,
    APP_SUBSCRIPTION_CANCEL,
    "appSubscriptionCancel",
    { id: active.id, prorate: false },
  );
  const { plan } = await applySubscriptionStatus(ctx, shop, payload.appSubscription);
  return { cancelled: active.id, plan };
}

/** The newest ACTIVE subscription Glint knows of for the shop. */
export async function activeSubscription(ctx: { db: Pick<Prisma.TransactionClient, "appCharge"> }, shopId: string): Promise<AppCharge | null> {
  return ctx.db.appCharge.findFirst({
    where: { shopId, kind: "subscription", status: "ACTIVE" },
    orderBy: { createdAt: "desc" },
  });
}

export async function applySubscriptionStatus(
  ctx: BillingContext,
  shop: Shop,
  sub: { id: string; name: string; status: string; currentPeriodEnd: string | null },
): Promise<{ status: string; plan: string; granted: number }> {
  // A subscription created outside this app instance (or before its row was written) maps by name.
  const plan = findPlan((await chargeOfferKey(ctx, sub.id)) ?? "") ?? PLANS.find((p) => p.name === sub.name);
  if (!plan) {
    ctx.log.warn({ shopId: shop.id, subscriptionId: sub.id, name: sub.name }, "subscription for an unknown plan ignored");
    return { status: sub.status, plan: shop.plan, granted: 0 };
  }
  const { status, planKey } = await withShopBillingLock(ctx, shop.id, async (tx) => {
    const charge = await recordChargeStatus(tx, {
      id: sub.id,
      shopId: shop.id,
      kind: "subscription",
      offerKey: plan.key,
      status: sub.status,
      credits: plan.monthlyCredits,
      currentPeriodEnd: sub.currentPeriodEnd ? new Date(sub.currentPeriodEnd) : undefined,
    });
    return { status: charge.status, planKey: await syncShopPlan(tx, shop.id) };
  });
  const granted = status === "ACTIVE" ? await grantAllowance(ctx, shop.id, sub.id, plan, 0) : 0;
  ctx.log.info({ shopId: shop.id, subscriptionId: sub.id, status, plan: planKey, granted }, "subscription status applied");
  return { status, plan: planKey, granted };
}

/** Grants one billing period's allowance; the key makes each period count once. */
async function grantAllowance(ctx: BillingContext, shopId: string, subscriptionId: string, plan: Plan, period: number): Promise<number> {
  const result = await grantCredits(ctx.db, {
    shopId,
    amount: plan.monthlyCredits,
    idempotencyKey: `allowance:${subscriptionId}:${period}`,
    reason: `${plan.name} monthly credits (period ${period + 1})`,
    purchaseId: subscriptionId,
  });
  return result.duplicate ? 0 : result.granted;
}

/** Shop.plan from the stored charges; called under the shop's billing lock. */
async function syncShopPlan(tx: Prisma.TransactionClient, shopId: string): Promise<string> {
  const active = await activeSubscription({ db: tx }, shopId);
  const plan = active?.offerKey ?? NO_PLAN;
  await tx.shop.update({ where: { id: shopId }, data: { plan } });
  return plan;
}

/**
 * Which 30-day billing period of a subscription `now` falls in (0 = the first), counted from its
 * activation (the first allowance grant). Undefined until the subscription was activated here.
 */
export async function currentBillingPeriod(ctx: Pick<AppContext, "db">, sub: AppCharge, now = new Date()): Promise<number | undefined> {
  const first = await ctx.db.ledgerEntry.findUnique({
    where: { shopId_idempotencyKey: { shopId: sub.shopId, idempotencyKey: `allowance:${sub.id}:0` } },
  });
  return first ? Math.floor((now.getTime() - first.createdAt.getTime()) / BILLING_PERIOD_MS) : undefined;
}

/**
 * Grants the allowance of the current billing period for each active subscription. Run daily by
 * the maintenance worker; idempotent, so running it more often changes nothing.
 */
export async function grantDueAllowances(ctx: BillingContext, now = new Date()): Promise<Array<{ shopId: string; subscriptionId: string; period: number }>> {
  const granted: Array<{ shopId: string; subscriptionId: string; period: number }> = [];
  const active = await ctx.db.appCharge.findMany({ where: { kind: "subscription", status: "ACTIVE" } });
  for (const sub of active) {
    const plan = findPlan(sub.offerKey);
    const period = await currentBillingPeriod(ctx, sub, now);
    if (plan && period !== undefined && period > 0 && (await grantAllowance(ctx, sub.shopId, sub.id, plan, period)) > 0) {
      granted.push({ shopId: sub.shopId, subscriptionId: sub.id, period });
    }
  }
  return granted;
}
