/**
 * The one path every Shopify webhook takes: verify the HMAC, drop duplicates by X-Shopify-Event-Id
 * (falling back to X-Shopify-Webhook-Id), enqueue the work with a deterministic job id and answer
 * at once; the job does the work. Shopify wants an answer within 5 s and retries (and sometimes
 * double-delivers) otherwise, so the answer touches Redis only: the event is recorded in the
 * database by the worker when the job runs (recordWebhookEvent).
 *
 * Order matters: the job is enqueued before the event is marked as seen, so a crash between the
 * two leaves a retry that enqueues the same job id again (a no-op), never an event marked as seen
 * whose work was lost.
 */
import type { Redis } from "ioredis";
import type { Job } from "bullmq";
import type { Queues } from "../jobs/queues";
import { jobId, QUEUE } from "../jobs/queues";
import type { JobHandler } from "../jobs/runtime.server";
import type { Db } from "../db.server";
import type { Logger } from "../logger.server";

export const WEBHOOK_TOPICS = {
  "products/create": "shopify-webhook-products-create",
  "products/update": "shopify-webhook-products-update",
  "products/delete": "shopify-webhook-products-delete",
  "app/uninstalled": "shopify-webhook-app-uninstalled",
  "app_subscriptions/update": "shopify-webhook-app-subscriptions-update",
  "app_purchases_one_time/update": "shopify-webhook-app-purchases-one-time-update",
  "customers/data_request": "shopify-webhook-customers-data-request",
  "customers/redact": "shopify-webhook-customers-redact",
  "shop/redact": "shopify-webhook-shop-redact",
} as const;

export type WebhookTopic = keyof typeof WEBHOOK_TOPICS;

/** What every shopify-webhook-* job receives. */
export interface ShopifyWebhookJobData {
  shop: string;
  topic: WebhookTopic;
  eventId: string;
  payload: Record<string, unknown>;
}

/** What the seam's verifyWebhook returns (the fields of authenticate.webhook's result used here). */
export interface VerifiedWebhook {
  shop: string;
  topic: string | number | symbol;
  webhookId: string;
  eventId?: string;
  payload: Record<string, unknown>;
}

export interface WebhookIntakeDeps {
  verify: (request: Request) => Promise<VerifiedWebhook>;
  redis: Redis;
  redisPrefix: string;
  queues: Pick<Queues, typeof QUEUE.shopifyWebhooks>;
  log: Logger;
}

/** The library reports "PRODUCTS_CREATE", the header says "products/create": compare in one form. */
export function sameTopic(reported: string, topic: WebhookTopic): boolean {
  const canonical = (value: string) => value.toUpperCase().replaceAll("/", "_");
  return canonical(reported) === canonical(topic);
}

/**
 * What the job needs of the payload. Customer requests carry a customer's email and phone: only
 * ids go into the queue (Glint keeps no customer data, not even in Redis job history).
 */
export function jobPayload(topic: WebhookTopic, payload: Record<string, unknown>): Record<string, unknown> {
  if (topic !== "customers/data_request" && topic !== "customers/redact") return payload;
  const idOf = (value: unknown) => (value && typeof value === "object" ? (value as { id?: unknown }).id : undefined);
  return {
    shop_id: payload.shop_id,
    shop_domain: payload.shop_domain,
    customer: { id: idOf(payload.customer) },
    orders_requested: payload.orders_requested,
    orders_to_redact: payload.orders_to_redact,
    data_request: { id: idOf(payload.data_request) },
  };
}

export async function receiveWebhook(request: Request, expected: WebhookTopic, deps: WebhookIntakeDeps): Promise<Response> {
  let webhook: VerifiedWebhook;
  try {
    webhook = await deps.verify(request);
  } catch (error) {
    // verify throws a Response (401 for a bad HMAC, 400 for missing headers).
    if (error instanceof Response) return error;
    throw error;
  }
  const topic = String(webhook.topic);
  const log = deps.log.child({ shop: webhook.shop, topic, webhookId: webhook.webhookId });
  if (!sameTopic(topic, expected)) {
    log.warn({ expected }, "webhook delivered to the wrong route");
    return new Response("Wrong topic for this address", { status: 400 });
  }
  const eventId = webhook.eventId || webhook.webhookId;

  const seenKey = `${deps.redisPrefix}:webhook-seen:${eventId}`;
  if (await deps.redis.exists(seenKey)) {
    log.info({ eventId }, "duplicate webhook ignored");
    return new Response(null, { status: 200 });
  }
  const data: ShopifyWebhookJobData = { shop: webhook.shop, topic: expected, eventId, payload: jobPayload(expected, webhook.payload) };
  await deps.queues[QUEUE.shopifyWebhooks].add(WEBHOOK_TOPICS[expected], data, { jobId: jobId("webhook", eventId) });
  await deps.redis.set(seenKey, "1", "PX", WEBHOOK_EVENT_RETENTION_MS);
  log.info({ eventId }, "webhook queued");
  return new Response(null, { status: 200 });
}

/** Kept at least 7 days (Shopify retries for up to 48 h; the margin covers replays). */
export const WEBHOOK_EVENT_RETENTION_MS = 7 * 24 * 3600 * 1000;

/**
 * The webhook job handlers, each first writing the durable record of its event (what was
 * delivered and when; erased with the shop) when the job runs.
 */
export function recordingWebhookEvents(db: Db, handlers: Record<string, JobHandler<ShopifyWebhookJobData>>): Record<string, JobHandler<ShopifyWebhookJobData>> {
  const recording = (handler: JobHandler<ShopifyWebhookJobData>): JobHandler<ShopifyWebhookJobData> => async (job: Job<ShopifyWebhookJobData>, run) => {
    const { eventId, shop, topic } = job.data;
    await db.webhookEvent.createMany({ data: [{ eventId, shopDomain: shop, topic, receivedAt: new Date(job.timestamp) }], skipDuplicates: true });
    return handler(job, run);
  };
  return Object.fromEntries(Object.entries(handlers).map(([name, handler]) => [name, recording(handler)]));
}

export async function deleteExpiredWebhookEvents(db: Db, now = new Date()): Promise<number> {
  const { count } = await db.webhookEvent.deleteMany({
    where: { receivedAt: { lt: new Date(now.getTime() - WEBHOOK_EVENT_RETENTION_MS) } },
  });
  return count;
}
