/**
 * products/create: snapshot the product and, when an automation rule matches, queue its
 * generations (review queue or auto-publish, as the rule says). Shopify is asked for the product
 * only when the shop has an enabled rule: collections and prices are not in the webhook payload.
 */
import type { AppContext } from "../context.server";
import { runAutomationForNewProduct, toRuleProduct } from "../models/automation.server";
import { snapshotForGeneration } from "../models/catalog-generations.server";
import { requestGenerations } from "../models/generations.server";
import { getProductDetail, glintMediaIds, snapshotFromDetail, upsertProductSnapshot } from "../models/products.server";
import { offlineAdminGraphql } from "../shopify/admin-client.server";
import type { ShopifyWebhookJobData } from "../shopify/webhook-intake.server";
import type { JobHandler } from "./runtime.server";

export const PRODUCTS_CREATE_JOB = "shopify-webhook-products-create";

export function productsCreateHandler(ctx: AppContext): JobHandler<ShopifyWebhookJobData> {
  return async (job, run) => {
    const { shop: shopDomain, payload, eventId } = job.data;
    const productId = String(payload.admin_graphql_api_id ?? "");
    if (!productId) return { outcome: "no_product_id" };
    const shop = await ctx.db.shop.findUnique({ where: { domain: shopDomain }, select: { id: true, installed: true } });
    if (!shop?.installed) return { outcome: "shop_not_installed" };
    const hasRules = (await ctx.db.automationRule.count({ where: { shopId: shop.id, enabled: true } })) > 0;
    if (!hasRules) return { outcome: "no_rule" };

    const admin = await offlineAdminGraphql(ctx, shopDomain);
    const product = await getProductDetail(admin, productId, run.signal);
    if (!product) return { outcome: "product_gone" };
    await upsertProductSnapshot(ctx, shop.id, snapshotFromDetail(product, await glintMediaIds(ctx, shop.id)));
    const outcome = await runAutomationForNewProduct(ctx, {
      shopDomain,
      product: toRuleProduct(product),
      eventId,
      requestGenerations: (request) => requestGenerations(ctx, { ...request, products: [snapshotForGeneration(product)] }),
    });
    run.log.info({ productId, ...outcome }, "automation evaluated");
    return outcome;
  };
}
