/**
 * fal webhook verification: X-Fal-Webhook-Signature is a hex Ed25519 signature over
 * "request id \n user id \n timestamp \n sha256-hex(body)", checked against the keys of fal's
 * JWKS. Keys are cached (fal allows up to a day); when no cached key matches and the cache is
 * older than a few minutes, the JWKS is fetched once more in case the key was rotated.
 */
import { createHash, createPublicKey, verify, type JsonWebKey, type KeyObject } from "node:crypto";
import { ProviderError, type WebhookRequest } from "../types";
import type { WebhookGuard } from "../webhook-guard";

export interface FalWebhookVerifier {
  verify(request: WebhookRequest): Promise<{ deliveryId: string; payload: FalWebhookBody }>;
}

export interface FalWebhookBody {
  request_id: string;
  status: "OK" | "ERROR";
  payload?: unknown;
  error?: unknown;
}

const CACHE_MS = 24 * 3600_000;
const REFRESH_AFTER_MS = 5 * 60_000;

export function createFalWebhookVerifier(jwksUrl: string, guard: WebhookGuard, timeoutMs = 10_000): FalWebhookVerifier {
  let cache: { keys: KeyObject[]; at: number } | undefined;
  const loadKeys = async (): Promise<KeyObject[]> => {
    try {
      const response = await fetch(jwksUrl, { signal: AbortSignal.timeout(timeoutMs) });
      if (!response.ok) throw new Error(`JWKS answered ${response.status}`);
      const { keys } = (await response.json()) as { keys: JsonWebKey[] };
      cache = { keys: keys.filter((k) => k.kty === "OKP" && k.crv === "Ed25519").map((k) => createPublicKey({ key: k, format: "jwk" })), at: Date.now() };
      return cache.keys;
    } catch (error) {
      throw new ProviderError("provider_unavailable", "could not fetch fal's webhook keys", { provider: "fal", cause: error });
    }
  };

  return {
    async verify({ headers, body }) {
      const requestId = headers.get("x-fal-webhook-request-id");
      const userId = headers.get("x-fal-webhook-user-id");
      const timestamp = headers.get("x-fal-webhook-timestamp");
      const signatureHex = headers.get("x-fal-webhook-signature");
      if (!requestId || !userId || !timestamp || !signatureHex || !/^[0-9a-f]+$/i.test(signatureHex)) {
        throw new ProviderError("webhook_invalid", "webhook signature headers missing", { provider: "fal" });
      }
      const message = Buffer.from([requestId, userId, timestamp, createHash("sha256").update(body).digest("hex")].join("\n"));
      const signature = Buffer.from(signatureHex, "hex");
      const matches = (keys: KeyObject[]) => keys.some((key) => verify(null, message, key, signature));
      const fresh = cache && Date.now() - cache.at < CACHE_MS ? cache : undefined;
      let valid = matches(fresh?.keys ?? (await loadKeys()));
      if (!valid && fresh && Date.now() - fresh.at > REFRESH_AFTER_MS) valid = matches(await loadKeys());
      if (!valid) throw new ProviderError("webhook_invalid", "webhook signature does not match", { provider: "fal" });
      guard.assertFresh(timestamp, "fal");
      guard.assertNotReplayed(`${requestId}:${timestamp}`, "fal");
      try {
        const payload = JSON.parse(body) as FalWebhookBody;
        if (payload.request_id !== requestId) throw new Error("request id in body and header differ");
        return { deliveryId: requestId, payload };
      } catch (error) {
        throw new ProviderError("webhook_invalid", "webhook body is not a fal result", { provider: "fal", cause: error });
      }
    },
  };
}
