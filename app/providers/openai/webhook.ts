/**
 * OpenAI webhook verification (Standard Webhooks, checked by the SDK's `webhooks.unwrap` with the
 * project's signing secret and a 5-minute tolerance), plus the shared replay guard. OpenAI sends
 * webhooks per project, not per request; Glint uses them for Sora video completion.
 */
import type OpenAI from "openai";
import { ProviderError, type WebhookRequest } from "../types";
import type { WebhookGuard } from "../webhook-guard";

export interface VideoWebhookEvent {
  deliveryId: string;
  type: string;
  videoId: string;
}

export async function verifyOpenAIWebhook(
  client: OpenAI,
  secret: string | undefined,
  guard: WebhookGuard,
  { headers, body }: WebhookRequest,
): Promise<VideoWebhookEvent> {
  if (!secret) throw new ProviderError("webhook_invalid", "no OpenAI webhook secret configured", { provider: "openai" });
  let event: { type: string; data?: { id?: string } };
  try {
    event = (await client.webhooks.unwrap(body, headers, secret)) as typeof event;
  } catch (error) {
    throw new ProviderError("webhook_invalid", `webhook signature or timestamp rejected: ${(error as Error).message}`, { provider: "openai", cause: error });
  }
  const id = headers.get("webhook-id") ?? "";
  guard.assertNotReplayed(`${id}:${headers.get("webhook-timestamp")}`, "openai");
  if (!event.type.startsWith("video.") || !event.data?.id) {
    throw new ProviderError("webhook_invalid", `unexpected OpenAI event ${event.type}`, { provider: "openai" });
  }
  return { deliveryId: id, type: event.type, videoId: event.data.id };
}
