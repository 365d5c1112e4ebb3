/**
 * One-time credit packs through Shopify (appPurchaseOneTimeCreate). Credits are granted exactly
 * once, when Shopify reports the purchase ACTIVE, from whichever arrives first: the merchant's
 * return URL (we ask Shopify for the purchase's status) or the app_purchases_one_time/update
 * webhook. The ledger key is the purchase id, so the second arrival, a replayed webhook or a
 * double-clicked return link grants nothing more.
 */
import { z } from "zod";
import type { Shop } from "@prisma/client";
import type { AppContext } from "../context.server";
import { runAdmin, type AdminGraphqlFn } from "./admin-graphql";
import { chargeOfferKey, recordChargeStatus, withShopBillingLock } from "./app-charges.server";
import { grantCredits } from "./ledger.server";
import { CREDIT_PACKS, findPack, moneyInput } from "./plans";
import { APP_PURCHASE_ONE_TIME_BY_ID, APP_PURCHASE_ONE_TIME_CREATE } from "./shopify-operations";

type BillingContext = Pick<AppContext, "db" | "log" | "env">;

export interface PurchaseOutcome {
  status: string;
  /** Credits granted by this call: 0 when already granted or not ACTIVE yet. */
  granted: number;
  balance?: number;
}

export function purchaseGid(chargeId: string | number): string {
  return String(chargeId).startsWith("gid://") ? String(chargeId) : `gid://shopify/AppPurchaseOneTime/${chargeId}`;
}

export function purchaseLedgerKey(purchaseId: string): string {
  return `purchase:${purchaseId}`;
}

/** Shopify's approval page for a pack; the merchant comes back to `returnUrl` with charge_id. */
export async function buyCreditPack(
  ctx: BillingContext,
  admin: AdminGraphqlFn,
  input: { shopId: string; packKey: string; returnUrl: string },
): Promise<{ confirmationUrl: string; purchaseId: string }> {
  const pack = findPack(input.packKey);
  if (!pack) throw new RangeError(`Unknown credit pack "${input.packKey}"`);
  const payload = await runAdmin<{ confirmationUrl: string; appPurchaseOneTime: { id: string; status: string } }>(
    admin,
    APP_PURCHASE_ONE_TIME_CREATE,
    "appPurchaseOneTimeCreate",
    {
      name: pack.name,
      price: moneyInput(pack.priceCents),
      returnUrl: input.returnUrl,
      test: ctx.env.BILLING_TEST,
    },
  );
  const { id, status } = payload.appPurchaseOneTime;
  await withShopBillingLock(ctx, input.shopId, (tx) =>
    recordChargeStatus(tx, { id, shopId: input.shopId, kind: "one_time", offerKey: pack.key, status, credits: pack.credits }),
  );
  ctx.log.info({ shopId: input.shopId, pack: pack.key, purchaseId: id, test: ctx.env.BILLING_TEST }, "credit pack purchase created, awaiting approval");
  return { confirmationUrl: payload.confirmationUrl, purchaseId: id };
}

/** The return URL. The charge_id in the URL is only a hint: the status comes from Shopify. */
export async function confirmOneTimePurchase(
  ctx: BillingContext,
  admin: AdminGraphqlFn,
  input: { shopId: string; chargeId: string | number },
): Promise<PurchaseOutcome> {
  const node = await runAdmin<{ id: string; name: string; status: string } | null>(admin, APP_PURCHASE_ONE_TIME_BY_ID, "node", {
    id: purchaseGid(input.chargeId),
  });
  if (!node) throw new RangeError(`Purchase ${input.chargeId} is not one of this shop's charges`);
  const shop = await ctx.db.shop.findUniqueOrThrow({ where: { id: input.shopId } });
  return applyPurchaseStatus(ctx, shop, node);
}

const purchaseWebhookSchema = z.object({
  app_purchase_one_time: z.object({
    admin_graphql_api_id: z.string(),
    name: z.string(),
    status: z.string(),
  }),
});

/** app_purchases_one_time/update. Safe to call for every delivery, including duplicates. */
export async function handleOneTimePurchaseUpdate(ctx: BillingContext, shopDomain: string, payload: unknown): Promise<PurchaseOutcome | undefined> {
  const { app_purchase_one_time: purchase } = purchaseWebhookSchema.parse(payload);
  const shop = await ctx.db.shop.findUnique({ where: { domain: shopDomain } });
  if (!shop) {
    ctx.log.warn({ shopDomain, purchaseId: purchase.admin_graphql_api_id }, "purchase update for an unknown shop ignored");
    return undefined;
  }
  return applyPurchaseStatus(ctx, shop, { id: purchase.admin_graphql_api_id, name: purchase.name, status: purchase.status });
}

export async function applyPurchaseStatus(ctx: BillingContext, shop: Shop, purchase: { id: string; name: string; status: string }): Promise<PurchaseOutcome> {
  const pack = findPack((await chargeOfferKey(ctx, purchase.id)) ?? "") ?? CREDIT_PACKS.find((p) => p.name === purchase.name);
  if (!pack) {
    ctx.log.warn({ shopId: shop.id, purchaseId: purchase.id, name: purchase.name }, "purchase of an unknown pack ignored");
    return { status: purchase.status, granted: 0 };
  }
  const { status } = await withShopBillingLock(ctx, shop.id, (tx) =>
    recordChargeStatus(tx, { id: purchase.id, shopId: shop.id, kind: "one_time", offerKey: pack.key, status: purchase.status, credits: pack.credits }),
  );
  if (status !== "ACTIVE") return { status, granted: 0 };
  const grant = await grantCredits(ctx.db, {
    shopId: shop.id,
    amount: pack.credits,
    idempotencyKey: purchaseLedgerKey(purchase.id),
    reason: `${pack.name} purchased`,
    purchaseId: purchase.id,
  });
  if (!grant.duplicate) ctx.log.info({ shopId: shop.id, purchaseId: purchase.id, credits: pack.credits }, "credit pack granted");
  return { status, granted: grant.duplicate ? 0 : grant.granted, balance: grant.balance };
}
