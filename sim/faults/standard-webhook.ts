/**
 * Signature headers of the Standard Webhooks scheme, which Replicate and OpenAI both use:
 * webhook-signature = "v1," + base64(HMAC-SHA256(key, "${id}.${timestamp}.${body}")), the key being
 * the base64-decoded part of the secret after "whsec_".
 */
import { createHmac } from "node:crypto";

export function signStandardWebhook(secret: string, id: string, body: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const signature = createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64");
  return { "webhook-id": id, "webhook-timestamp": String(timestamp), "webhook-signature": `v1,${signature}` };
}
