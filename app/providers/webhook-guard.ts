/**
 * Freshness and replay checks shared by the webhook verifiers. Neither Replicate nor fal bounds
 * replays, so a delivery is accepted only when its signed timestamp is within the tolerance and
 * the same signed message (delivery id + timestamp) has not been accepted in this process.
 * A provider's own retry is signed afresh with a new timestamp and passes, so a delivery whose
 * processing failed can still arrive again; durable de-duplication of such retries is the webhook
 * route's job, keyed on VerifiedWebhook.deliveryId. Messages are remembered a little longer than
 * the tolerance: anything older is refused by its timestamp anyway.
 */
import { ProviderError, type ProviderName } from "./types";

export const DEFAULT_WEBHOOK_TOLERANCE_MS = 5 * 60_000;

export interface WebhookGuard {
  /** Throws webhook_invalid for a timestamp (seconds since epoch) outside the tolerance. */
  assertFresh(timestampSeconds: string | null, provider: ProviderName): void;
  /** Throws webhook_invalid when this exact signed message (id + timestamp) was already accepted. */
  assertNotReplayed(messageId: string, provider: ProviderName): void;
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
    assertNotReplayed(messageId, provider) {
      const at = now();
      for (const [id, seenAt] of seen) {
        if (at - seenAt <= toleranceMs * 2 && seen.size <= maxIds) break;
        seen.delete(id); // insertion order = age order: drop expired (or overflowing) ids from the front
      }
      if (seen.has(messageId)) throw new ProviderError("webhook_invalid", "webhook delivery replayed", { provider });
      seen.set(messageId, at);
    },
  };
}
