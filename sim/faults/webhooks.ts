/**
 * Webhook delivery shared by the provider simulators: the engine decides how many copies go out
 * (0 = lost, 2 = duplicated); each copy is retried on a non-2xx answer or a network error, as the
 * providers do. `sign` is called per attempt so timestamps are fresh.
 */
export interface WebhookDelivery {
  url: string;
  body: string;
  sign(body: string): Record<string, string>;
  copies: number;
  attempts?: number;
}

export async function deliverWebhook(delivery: WebhookDelivery): Promise<number> {
  let delivered = 0;
  for (let copy = 0; copy < delivery.copies; copy++) {
    if (await deliverOnce(delivery)) delivered++;
  }
  return delivered;
}

async function deliverOnce({ url, body, sign, attempts = 4 }: WebhookDelivery): Promise<boolean> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", ...sign(body) },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      await response.arrayBuffer();
      if (response.ok) return true;
    } catch {
      // Receiver down or slow: retried below, like the real senders.
    }
    await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt));
  }
  return false;
}
