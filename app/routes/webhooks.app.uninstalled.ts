/** Shopify webhook app/uninstalled: verified, de-duplicated and queued; the work runs in the job. */
import { webhookAction } from "../shopify/webhook-route.server";

export const action = webhookAction("app/uninstalled");
