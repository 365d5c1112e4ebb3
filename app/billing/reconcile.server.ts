/**
 * Catches up with Shopify when webhooks were missed (app down, delivery given up): reads the
 * installation's charges with currentAppInstallation and applies them exactly as the webhooks
 * would. Idempotent, so it is safe on every billing page load or from a periodic job.
 */
import type { AppContext } from "../context.server";
import { runAdmin, type AdminGraphqlFn } from "./admin-graphql";
import { applyPurchaseStatus } from "./credit-packs.server";
import { CURRENT_APP_INSTALLATION, APP_SUBSCRIPTION_BY_ID } from "./shopify-operations";
import { applySubscriptionStatus } from "./subscriptions.server";

interface ChargeNode {
  id: string;
  name: string;
  status: string;
  currentPeriodEnd?: string | null;
}

export async function reconcileBilling(
  ctx: Pick<AppContext, "db" | "log" | "env">,
  admin: AdminGraphqlFn,
  shopId: string,
): Promise<{ subscriptionsApplied: number; creditsGranted: number }> {
  const shop = await ctx.db.shop.findUniqueOrThrow({ where: { id: shopId } });
  const installation = await runAdmin<{ activeSubscriptions: ChargeNode[]; oneTimePurchases: { nodes: ChargeNode[] } }>(
    admin,
    CURRENT_APP_INSTALLATION,
    "currentAppInstallation",
  );
  let creditsGranted = 0;
  const activeIds = new Set(installation.activeSubscriptions.map((s) => s.id));
  const subscriptions: ChargeNode[] = [...installation.activeSubscriptions];
  // Subscriptions we still believe active but Shopify no longer lists: fetch their real status.
  const staleLocal = await ctx.db.appCharge.findMany({ where: { shopId, kind: "subscription", status: "ACTIVE", id: { notIn: [...activeIds] } } });
  for (const charge of staleLocal) {
    const node = await runAdmin<ChargeNode | null>(admin, APP_SUBSCRIPTION_BY_ID, "node", { id: charge.id });
    if (node) subscriptions.push(node);
  }
  for (const sub of subscriptions) {
    creditsGranted += (await applySubscriptionStatus(ctx, shop, { ...sub, currentPeriodEnd: sub.currentPeriodEnd ?? null })).granted;
  }
  for (const purchase of installation.oneTimePurchases.nodes) {
    creditsGranted += (await applyPurchaseStatus(ctx, shop, purchase)).granted;
  }
  if (creditsGranted > 0) ctx.log.warn({ shopId, creditsGranted }, "billing reconciliation granted credits a webhook had missed");
  return { subscriptionsApplied: subscriptions.length, creditsGranted };
}
