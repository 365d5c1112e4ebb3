/**
 * Replicate webhook verification (Standard Webhooks scheme): webhook-signature holds one or more
 * "v1,<base64 HMAC-SHA256>" over "${webhook-id}.${webhook-timestamp}.${body}", keyed with the
 * base64-decoded part of the account's signing secret after "whsec_". The secret comes from
 * GET /v1/webhooks/default/secret and is cached; a failed fetch is not cached.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { ProviderError, type WebhookRequest } from "../types";
import type { WebhookGuard } from "../webhook-guard";

export interface ReplicateWebhookVerifier {
  /** Returns the delivery id and the parsed prediction of a genuine, fresh, first delivery. */
  verify(request: WebhookRequest): Promise<{ deliveryId: string; prediction: unknown }>;
}

export function createReplicateWebhookVerifier(fetchSecret: () => Promise<string>, guard: WebhookGuard): ReplicateWebhookVerifier {
  let secret: Promise<string> | undefined;
  const signingKey = async (): Promise<Buffer> => {
    secret ??= fetchSecret().catch((error: unknown) => {
      secret = undefined;
      throw new ProviderError("provider_unavailable", "could not fetch the Replicate webhook secret", { provider: "replicate", cause: error });
    });
    return Buffer.from((await secret).replace(/^whsec_/, ""), "base64");
  };

  return {
    async verify({ headers, body }) {
      const id = headers.get("webhook-id");
      const timestamp = headers.get("webhook-timestamp");
      const signatures = headers.get("webhook-signature");
      if (!id || !timestamp || !signatures) {
        throw new ProviderError("webhook_invalid", "webhook signature headers missing", { provider: "replicate" });
      }
      const expected = createHmac("sha256", await signingKey()).update(`${id}.${timestamp}.${body}`).digest();
      const valid = signatures.split(" ").some((entry) => {
        const [version, signature] = entry.split(",", 2);
        if (version !== "v1" || !signature) return false;
        const given = Buffer.from(signature, "base64");
        return given.length === expected.length && timingSafeEqual(given, expected);
      });
      if (!valid) throw new ProviderError("webhook_invalid", "webhook signature does not match", { provider: "replicate" });
      guard.assertFresh(timestamp, "replicate");
      guard.assertNotReplayed(`${id}:${timestamp}`, "replicate");
      try {
        return { deliveryId: id, prediction: JSON.parse(body) as unknown };
      } catch (error) {
        throw new ProviderError("webhook_invalid", "webhook body is not JSON", { provider: "replicate", cause: error });
      }
    },
  };
}
