/**
 * What Shopify's lifecycle and compliance webhooks change in Glint: products changing or going
 * away, the app being uninstalled, and GDPR requests. Called from the shopify-webhook-* jobs.
 */
import type { Prisma } from "@prisma/client";
import type { AppContext } from "../context.server";
import { releaseCredits } from "../billing/ledger.server";
import { UserFacingError } from "../errors";
import { ACTIVE_STATUSES, cancelGeneration } from "../models/generations.server";
import type { Logger } from "../logger.server";
import { shopPrefix } from "../storage/keys";
import type { Storage } from "../storage/types";
import { glintMediaIds, productContentHash } from "../models/products.server";
import { forgetShopTokens } from "../publishing/accounts.server";

type EngineCtx = Parameters<typeof cancelGeneration>[0];

/**
 * Cancels matching generations that have not reached the merchant and returns their credits.
 * Running ones go through the engine's cancel (it also stops the provider job); results waiting
 * for review are closed here. A publish already under way settles itself (its job sees the
 * product or the token gone).
 */
export async function cancelGenerations(
  ctx: EngineCtx,
  where: Prisma.GenerationWhereInput,
  reason: { code: string; message: string },
): Promise<number> {
  const generations = await ctx.db.generation.findMany({
    where: { ...where, status: { in: [...ACTIVE_STATUSES, "ready_for_review"] } },
    select: { id: true, shopId: true, status: true, shop: { select: { domain: true } } },
  });
  let cancelled = 0;
  for (const generation of generations) {
    if (ACTIVE_STATUSES.includes(generation.status)) {
      try {
        await cancelGeneration(ctx, { shopDomain: generation.shop.domain, generationId: generation.id });
      } catch (error) {
        if (error instanceof UserFacingError && error.code === "not_cancellable") continue; // finished meanwhile
        throw error;
      }
    } else {
      const { count } = await ctx.db.generation.updateMany({
        where: { id: generation.id, status: "ready_for_review" },
        data: { status: "cancelled", completedAt: new Date() },
      });
      if (count === 0) continue;
      await releaseCredits(ctx.db, { shopId: generation.shopId, generationId: generation.id, idempotencyKey: `${generation.id}.release`, reason: reason.code });
    }
    await ctx.db.generation.update({ where: { id: generation.id }, data: { errorCode: reason.code, errorMessage: reason.message } });
    cancelled++;
  }
  return cancelled;
}

interface RestProductPayload {
  admin_graphql_api_id?: string;
  title?: string;
  body_html?: string | null;
  handle?: string;
  product_type?: string;
  vendor?: string;
  tags?: string;
  updated_at?: string;
  media?: Array<{ admin_graphql_api_id?: string }>;
}

/**
 * products/update: when the title, description or source images changed (Glint's own media
 * excluded), results not yet published are marked stale; publishing them then asks the merchant.
 */
export async function markProductChanged(
  ctx: Pick<AppContext, "db">,
  shopDomain: string,
  payload: RestProductPayload,
): Promise<{ changed: boolean; staleGenerations: number }> {
  const shopifyId = payload.admin_graphql_api_id;
  if (!shopifyId) return { changed: false, staleGenerations: 0 };
  const product = await ctx.db.product.findFirst({ where: { shopifyId, shop: { domain: shopDomain } } });
  if (!product) return { changed: false, staleGenerations: 0 };
  const exclude = await glintMediaIds(ctx, product.shopId, product.id);
  const sourceHash = productContentHash({
    title: payload.title ?? product.title,
    descriptionHtml: payload.body_html ?? "",
    mediaIds: (payload.media ?? []).flatMap((m) => (m.admin_graphql_api_id && !exclude.has(m.admin_graphql_api_id) ? [m.admin_graphql_api_id] : [])),
  });
  if (sourceHash === product.sourceHash) return { changed: false, staleGenerations: 0 };
  if (product.sourceHash === null) {
    // First sight of this product's sources (its row came from elsewhere): the baseline, not a change.
    await ctx.db.product.update({ where: { id: product.id }, data: { sourceHash } });
    return { changed: false, staleGenerations: 0 };
  }

  const changedAt = new Date().toISOString();
  const pending = await ctx.db.generation.findMany({
    where: { productId: product.id, status: { in: ["pending", "analysing", "generating", "validating", "ready_for_review"] } },
    select: { id: true, options: true },
  });
  for (const generation of pending) {
    await ctx.db.generation.update({
      where: { id: generation.id },
      data: { options: { ...(generation.options as Record<string, unknown>), productChangedAt: changedAt } },
    });
  }
  await ctx.db.product.update({
    where: { id: product.id },
    data: {
      sourceHash,
      title: payload.title ?? product.title,
      handle: payload.handle ?? product.handle,
      productType: payload.product_type ?? product.productType,
      vendor: payload.vendor ?? product.vendor,
      tags: payload.tags !== undefined ? payload.tags.split(",").map((t) => t.trim()).filter(Boolean) : product.tags,
      shopifyUpdatedAt: payload.updated_at ? new Date(payload.updated_at) : product.shopifyUpdatedAt,
    },
  });
  return { changed: true, staleGenerations: pending.length };
}

/** products/delete: nothing more to do for that product; its reserved credits go back. */
export async function handleProductDeleted(ctx: EngineCtx, shopDomain: string, payload: { id?: number | string }) {
  if (payload.id === undefined) return 0;
  const shopifyId = `gid://shopify/Product/${payload.id}`;
  return cancelGenerations(
    ctx,
    { shop: { domain: shopDomain }, product: { shopifyId } },
    { code: "product_deleted", message: "The product was deleted in Shopify." },
  );
}

/** app/uninstalled: stop all work, return reservations, forget the tokens. Data stays until shop/redact. */
export async function handleAppUninstalled(ctx: EngineCtx, shopDomain: string): Promise<{ cancelled: number }> {
  await ctx.db.shop.updateMany({ where: { domain: shopDomain }, data: { installed: false, uninstalledAt: new Date() } });
  const cancelled = await cancelGenerations(
    ctx,
    { shop: { domain: shopDomain } },
    { code: "app_uninstalled", message: "Glint was uninstalled from the store." },
  );
  await ctx.db.session.deleteMany({ where: { shop: shopDomain } });
  await forgetShopTokens(ctx.db, shopDomain);
  return { cancelled };
}

/**
 * shop/redact (48 h after uninstall): every row and stored file of the shop goes. Rows cascade
 * from Shop; sessions and webhook events are keyed by domain and removed explicitly (a
 * redelivered shop/redact then simply runs again and finds nothing).
 */
export async function redactShop(
  ctx: Pick<AppContext, "db"> & { storage: Storage },
  shopDomain: string,
  log: Logger,
): Promise<{ files: number; shopRemoved: boolean }> {
  const shop = await ctx.db.shop.findUnique({ where: { domain: shopDomain }, select: { id: true } });
  // Files first: if this crashes the job retries while the rows still say which prefix to clear.
  const files = shop ? await ctx.storage.deletePrefix(shopPrefix(shop.id)) : 0;
  await ctx.db.$transaction([
    ctx.db.session.deleteMany({ where: { shop: shopDomain } }),
    ctx.db.webhookEvent.deleteMany({ where: { shopDomain } }),
    ctx.db.shop.deleteMany({ where: { domain: shopDomain } }),
  ]);
  log.info({ files, shopRemoved: Boolean(shop) }, "shop data redacted");
  return { files, shopRemoved: Boolean(shop) };
}

/**
 * customers/data_request and customers/redact: Glint stores no customer data (only products,
 * generated media and the shop's credit ledger), so there is nothing to export or erase. The
 * request is logged with its ids (no personal fields) as the record of the answer.
 */
export function acknowledgeCustomerRequest(log: Logger, topic: string, payload: Record<string, unknown>): { customerDataHeld: false } {
  const customer = payload.customer as { id?: unknown } | undefined;
  log.info(
    { topic, customerId: customer?.id, dataRequestId: (payload.data_request as { id?: unknown } | undefined)?.id },
    "customer data request acknowledged: Glint holds no customer data",
  );
  return { customerDataHeld: false };
}
