/** shop/redact (GDPR): every row and stored file of the shop is deleted; other shops untouched. */
import type { AppContext } from "../context.server";
import { redactShop } from "../shopify/shop-lifecycle.server";
import type { Storage } from "../storage/types";
import type { ShopifyWebhookJobData } from "../shopify/webhook-intake.server";
import type { JobHandler } from "./runtime.server";

export const SHOP_REDACT_JOB = "shopify-webhook-shop-redact";

export function shopRedactHandler(ctx: Pick<AppContext, "db"> & { storage: Storage }): JobHandler<ShopifyWebhookJobData> {
  return async (job, run) => redactShop(ctx, job.data.shop, run.log);
}
