/** Shopify webhook shop/redact: verified, de-duplicated and queued; the work runs in the job. */
import { webhookAction } from "../shopify/webhook-route.server";

export const action = webhookAction("shop/redact");
