/**
 * Overage: a shop on a plan that has used its allowance buys extra credits in blocks, each billed
 * as one usage record on the subscription's usage line item (appUsageRecordCreate, called
 * directly so the idempotency key reaches Shopify). The key of block n in billing period p is
 * the same on every retry, and the ledger grant uses that same key: a crash between Shopify's
 * charge and the grant is repaired by the retry without a second charge.
 */
import type { AppContext } from "../context.server";
import { UserFacingError } from "../errors";
import { runAdmin, type AdminGraphqlFn } from "./admin-graphql";
import { grantCredits } from "./ledger.server";
import { CURRENCY, centsToDecimal, decimalToCents, findPlan } from "./plans";
import { APP_SUBSCRIPTION_BY_ID, APP_USAGE_RECORD_CREATE } from "./shopify-operations";
import { activeSubscription, currentBillingPeriod } from "./subscriptions.server";

interface UsageLineItem {
  id: string;
  plan: { pricingDetails: { __typename: string; cappedAmount?: { amount: string }; balanceUsed?: { amount: string } } };
}

/** Buys enough blocks to cover `creditsNeeded`. Returns 0 when the shop has no active plan. */
export async function buyOverageCredits(
  ctx: Pick<AppContext, "db" | "log">,
  admin: AdminGraphqlFn,
  input: { shopId: string; creditsNeeded: number },
): Promise<{ granted: number; chargedCents: number }> {
  const sub = await activeSubscription(ctx, input.shopId);
  const plan = sub && findPlan(sub.offerKey);
  const period = sub ? await currentBillingPeriod(ctx, sub) : undefined;
  if (!sub || !plan || period === undefined) return { granted: 0, chargedCents: 0 };

  const node = await runAdmin<{ lineItems: UsageLineItem[] } | null>(admin, APP_SUBSCRIPTION_BY_ID, "node", { id: sub.id });
  const usage = node?.lineItems.find((item) => item.plan.pricingDetails.__typename === "AppUsagePricing");
  if (!usage) return { granted: 0, chargedCents: 0 };
  const capCents = decimalToCents(usage.plan.pricingDetails.cappedAmount?.amount ?? "0");
  let usedCents = decimalToCents(usage.plan.pricingDetails.balanceUsed?.amount ?? "0");

  const { blockCredits, centsPerCredit } = plan.overage;
  const blockCents = blockCredits * centsPerCredit;
  const blocks = Math.ceil(input.creditsNeeded / blockCredits);
  const keyPrefix = `overage:${sub.id}:${period}:`;
  const bought = await ctx.db.ledgerEntry.count({ where: { shopId: input.shopId, kind: "grant", idempotencyKey: { startsWith: keyPrefix } } });

  let granted = 0;
  let chargedCents = 0;
  for (let n = bought; n < bought + blocks; n++) {
    if (usedCents + blockCents > capCents) {
      throw new UserFacingError({
        code: "overage_cap",
        httpStatus: 402,
        message: `You've reached this month's limit for extra credits on ${plan.name} (${centsToDecimal(capCents)} ${CURRENCY}). Buy a credit pack or upgrade your plan to keep generating.`,
        details: { capCents, usedCents },
      });
    }
    const idempotencyKey = `${keyPrefix}${n}`;
    await runAdmin(admin, APP_USAGE_RECORD_CREATE, "appUsageRecordCreate", {
      subscriptionLineItemId: usage.id,
      price: { amount: centsToDecimal(blockCents), currencyCode: CURRENCY },
      description: `${blockCredits} extra Glint credits`,
      idempotencyKey,
    });
    const grant = await grantCredits(ctx.db, {
      shopId: input.shopId,
      amount: blockCredits,
      idempotencyKey,
      reason: `${blockCredits} extra credits (usage charge)`,
      purchaseId: sub.id,
    });
    usedCents += blockCents;
    if (!grant.duplicate) {
      granted += blockCredits;
      chargedCents += blockCents;
    }
  }
  ctx.log.info({ shopId: input.shopId, subscriptionId: sub.id, granted, chargedCents }, "overage credits bought");
  return { granted, chargedCents };
}
