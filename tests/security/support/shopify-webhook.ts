/** A Shopify webhook delivery as Shopify sends it: HMAC-SHA256 (base64) of the raw body with the app secret. */
import { createHmac, randomUUID } from "node:crypto";
import { APP_URL } from "./app-under-test";

export interface WebhookDelivery {
  topic: string;
  shop: string;
  body: string;
  secret: string;
  eventId?: string;
  /** Replaces or removes (undefined) individual headers after signing. */
  headers?: Record<string, string | undefined>;
}

export function shopifyWebhookHmac(body: string, secret: string): string {
  return createHmac("sha256", secret).update(body, "utf8").digest("base64");
}

export function shopifyWebhookRequest(delivery: WebhookDelivery): Request {
  const headers: Record<string, string | undefined> = {
    "Content-Type": "application/json",
    "X-Shopify-Topic": delivery.topic,
    "X-Shopify-Hmac-Sha256": shopifyWebhookHmac(delivery.body, delivery.secret),
    "X-Shopify-Shop-Domain": delivery.shop,
    "X-Shopify-Webhook-Id": randomUUID(),
    "X-Shopify-Event-Id": delivery.eventId ?? randomUUID(),
    "X-Shopify-Triggered-At": new Date().toISOString(),
    "X-Shopify-API-Version": "2026-10",
    ...delivery.headers,
  };
  const defined = Object.fromEntries(Object.entries(headers).filter((entry): entry is [string, string] => entry[1] !== undefined));
  return new Request(`${APP_URL}/webhooks/${delivery.topic}`, { method: "POST", headers: defined, body: delivery.body });
}
