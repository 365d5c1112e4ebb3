/** Shopify webhook products/create: verified, de-duplicated and queued; the work runs in the job. */
import { webhookAction } from "../shopify/webhook-route.server";

export const action = webhookAction("products/create");
