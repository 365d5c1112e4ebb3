/**
 * Freshness and replay checks shared by the webhook verifiers. Neither Replicate nor fal bounds
 * replays, so a delivery is accepted only when its signed timestamp is within the tolerance and
 * its id has not been seen in this process. Ids are kept a little longer than the tolerance:
 * anything older is refused by its timestamp anyway. (Durable, cross-process de-duplication is
 * the webhook route's job, keyed on VerifiedWebhook.deliveryId.)
 */
import { ProviderError, type ProviderName } from "./types";

export const DEFAULT_WEBHOOK_TOLERANCE_MS = 5 * 60_000;

export interface WebhookGuard {
  /** Throws webhook_invalid for a timestamp (seconds since epoch) outside the tolerance. */
  assertFresh(timestampSeconds: string | null, provider: ProviderName): void;
  /** Throws webhook_invalid when this delivery id was already accepted. */
  assertFirstDelivery(deliveryId: string, provider: ProviderName): void;
}

export function createWebhookGuard(options: { toleranceMs?: number; maxIds?: number; now?: () => number } = {}): WebhookGuard {
  const toleranceMs = options.toleranceMs ?? DEFAULT_WEBHOOK_TOLERANCE_MS;
  const maxIds = options.maxIds ?? 100_000;
  const now = options.now ?? Date.now;
  const seen = new Map<string, number>();

  return {
    assertFresh(timestampSeconds, provider) {
      const seconds = Number(timestampSeconds);
      if (!timestampSeconds || !Number.isFinite(seconds)) {
        throw new ProviderError("webhook_invalid", "webhook timestamp missing or unreadable", { provider });
      }
      if (Math.abs(now() - seconds * 1000) > toleranceMs) {
        throw new ProviderError("webhook_invalid", "webhook timestamp outside the accepted window", { provider });
      }
    },
    assertFirstDelivery(deliveryId, provider) {
      const at = now();
      for (const [id, seenAt] of seen) {
        if (at - seenAt <= toleranceMs * 2 && seen.size <= maxIds) break;
        seen.delete(id); // insertion order = age order: drop expired (or overflowing) ids from the front
      }
      if (seen.has(deliveryId)) throw new ProviderError("webhook_invalid", "webhook delivery replayed", { provider });
      seen.set(deliveryId, at);
    },
  };
}
