/** products/delete: pending work for the product is cancelled and its credits returned. */
import type { AppContext } from "../context.server";
import { handleProductDeleted } from "../shopify/shop-lifecycle.server";
import type { ShopifyWebhookJobData } from "../shopify/webhook-intake.server";
import type { JobHandler } from "./runtime.server";

export const PRODUCTS_DELETE_JOB = "shopify-webhook-products-delete";

export function productsDeleteHandler(ctx: AppContext): JobHandler<ShopifyWebhookJobData> {
  return async (job) => ({ cancelled: await handleProductDeleted(ctx, job.data.shop, job.data.payload as { id?: number }) });
}
