/** The action every webhooks.<topic>.ts route exports: the app's authenticate.webhook and context. */
import type { ActionFunctionArgs } from "@remix-run/node";
import { appContext } from "../app-context.server";
import { authenticate } from "../shopify.server";
import { receiveWebhook, type WebhookTopic } from "./webhook-intake.server";

export function webhookAction(topic: WebhookTopic) {
  return async ({ request }: ActionFunctionArgs): Promise<Response> => {
    const ctx = appContext();
    return receiveWebhook(request, topic, {
      authenticate: authenticate.webhook,
      db: ctx.db,
      queues: ctx.queues,
      log: ctx.log,
    });
  };
}
