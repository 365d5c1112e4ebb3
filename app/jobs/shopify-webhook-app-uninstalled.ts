/** app/uninstalled: all work stops, reservations are released, sessions deleted, shop marked uninstalled. */
import type { AppContext } from "../context.server";
import { handleAppUninstalled } from "../shopify/shop-lifecycle.server";
import type { ShopifyWebhookJobData } from "../shopify/webhook-intake.server";
import type { JobHandler } from "./runtime.server";

export const APP_UNINSTALLED_JOB = "shopify-webhook-app-uninstalled";

export function appUninstalledHandler(ctx: AppContext): JobHandler<ShopifyWebhookJobData> {
  return async (job) => handleAppUninstalled(ctx, job.data.shop);
}
