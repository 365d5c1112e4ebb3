/** products/update: results made from an older version of the product are marked stale. */
import type { AppContext } from "../context.server";
import { markProductChanged } from "../shopify/shop-lifecycle.server";
import type { ShopifyWebhookJobData } from "../shopify/webhook-intake.server";
import type { JobHandler } from "./runtime.server";

export const PRODUCTS_UPDATE_JOB = "shopify-webhook-products-update";

export function productsUpdateHandler(ctx: Pick<AppContext, "db">): JobHandler<ShopifyWebhookJobData> {
  return async (job) => markProductChanged(ctx, job.data.shop, job.data.payload);
}
