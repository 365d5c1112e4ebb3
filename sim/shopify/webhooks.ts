import { createHmac, randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { SIM_API_VERSION } from "./schema";

const DELIVERY_TIMEOUT_MS = 5_000;

export interface WebhookInput {
  shop: string;
  topic: string;
  payload: unknown;
  /** Same event id across duplicates, as Shopify's at-least-once delivery does. */
  eventId?: string;
  /** Extra copies of the same event, each with a new webhook id. */
  duplicates?: number;
  /** Sign with this secret instead of the app's, to forge a delivery. */
  hmacSecret?: string;
}

export interface WebhookDelivery {
  status: number;
  attempts: number;
}

export interface WebhookLogEntry {
  shop: string;
  topic: string;
  webhookId: string;
  eventId: string;
  status: number;
  attempt: number;
  at: number;
}

/**
 * Delivers webhooks to `${appUrl}/webhooks/${topic}` with Shopify's headers and HMAC, retrying
 * non-2xx answers (and timeouts) after each of retryDelaysMs.
 */
export class WebhookSender {
  readonly log: WebhookLogEntry[] = [];
  private readonly stopped = new AbortController();

  constructor(private readonly options: { appUrl: string; apiSecret: string; retryDelaysMs: number[] }) {}

  async deliver(input: WebhookInput): Promise<WebhookDelivery[]> {
    const eventId = input.eventId ?? randomUUID();
    const copies = 1 + (input.duplicates ?? 0);
    const body = JSON.stringify(input.payload);
    return Promise.all(Array.from({ length: copies }, () => this.deliverCopy(input, eventId, body)));
  }

  deliverTopic(shop: string, topic: string, payload: unknown): Promise<WebhookDelivery[]> {
    return this.deliver({ shop, topic, payload });
  }

  private async deliverCopy(input: WebhookInput, eventId: string, body: string): Promise<WebhookDelivery> {
    const webhookId = randomUUID();
    const triggeredAt = new Date().toISOString();
    const hmac = createHmac("sha256", input.hmacSecret ?? this.options.apiSecret).update(body, "utf8").digest("base64");
    const url = `${this.options.appUrl.replace(/\/$/, "")}/webhooks/${input.topic}`;
    let status = 0;
    let attempt = 0;
    for (const delayBefore of [0, ...this.options.retryDelaysMs]) {
      if (delayBefore > 0) {
        try {
          await sleep(delayBefore, undefined, { signal: this.stopped.signal });
        } catch {
          break; // simulator closing
        }
      }
      attempt++;
      try {
        const response = await fetch(url, {
          method: "POST",
          body,
          headers: {
            "Content-Type": "application/json",
            "User-Agent": "Shopify-Captain-Hook",
            "X-Shopify-Topic": input.topic,
            "X-Shopify-Hmac-Sha256": hmac,
            "X-Shopify-Shop-Domain": input.shop,
            "X-Shopify-Webhook-Id": webhookId,
            "X-Shopify-Event-Id": eventId,
            "X-Shopify-Triggered-At": triggeredAt,
            "X-Shopify-API-Version": SIM_API_VERSION,
          },
          signal: AbortSignal.any([AbortSignal.timeout(DELIVERY_TIMEOUT_MS), this.stopped.signal]),
        });
        status = response.status;
        await response.body?.cancel();
      } catch {
        status = 0; // connection refused or timed out: Shopify counts it as a failed attempt
      }
      this.log.push({ shop: input.shop, topic: input.topic, webhookId, eventId, status, attempt, at: Date.now() });
      if (status >= 200 && status < 300) break;
    }
    return { status, attempts: attempt };
  }

  /** Stops pending retries (used when the simulator shuts down). */
  close(): void {
    this.stopped.abort();
  }
}
