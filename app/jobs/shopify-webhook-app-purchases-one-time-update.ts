/** app_purchases_one_time/update: billing grants a credit pack once its charge is active. */
import type { AppContext } from "../context.server";
import { handleOneTimePurchaseUpdate } from "../billing/credit-packs.server";
import type { ShopifyWebhookJobData } from "../shopify/webhook-intake.server";
import type { JobHandler } from "./runtime.server";

export const APP_PURCHASES_ONE_TIME_UPDATE_JOB = "shopify-webhook-app-purchases-one-time-update";

export function appPurchasesOneTimeUpdateHandler(ctx: Pick<AppContext, "db" | "log" | "env">): JobHandler<ShopifyWebhookJobData> {
  return async (job) => (await handleOneTimePurchaseUpdate(ctx, job.data.shop, job.data.payload)) ?? { ignored: true };
}
