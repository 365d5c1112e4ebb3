/** Shopify webhook app_purchases_one_time/update: verified, de-duplicated and queued; the work runs in the job. */
import { webhookAction } from "../shopify/webhook-route.server";

export const action = webhookAction("app_purchases_one_time/update");
