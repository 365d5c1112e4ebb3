/** app_subscriptions/update: billing applies the subscription's new status. */
import type { AppContext } from "../context.server";
import { handleSubscriptionUpdate } from "../billing/subscriptions.server";
import type { ShopifyWebhookJobData } from "../shopify/webhook-intake.server";
import type { JobHandler } from "./runtime.server";

export const APP_SUBSCRIPTIONS_UPDATE_JOB = "shopify-webhook-app-subscriptions-update";

export function appSubscriptionsUpdateHandler(ctx: Pick<AppContext, "db" | "log" | "env">): JobHandler<ShopifyWebhookJobData> {
  return async (job) => (await handleSubscriptionUpdate(ctx, job.data.shop, job.data.payload)) ?? { ignored: true };
}
