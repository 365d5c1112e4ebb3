/** The action every webhooks.<topic>.ts route exports: the seam's webhook check and the app context. */
import type { ActionFunctionArgs } from "@remix-run/node";
import { appContext } from "../app-context.server";
import { verifyWebhook } from "../shopify.server";
import { receiveWebhook, type WebhookTopic } from "./webhook-intake.server";

export function webhookAction(topic: WebhookTopic) {
  return async ({ request }: ActionFunctionArgs): Promise<Response> => {
    const ctx = appContext();
    return receiveWebhook(request, topic, {
      verify: verifyWebhook,
      redis: ctx.redis,
      redisPrefix: ctx.env.REDIS_PREFIX,
      queues: ctx.queues,
      log: ctx.log,
    });
  };
}
