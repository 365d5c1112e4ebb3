/**
 * Maintenance: forgets webhook event ids older than the 7-day de-duplication window. Scheduled
 * under one deterministic scheduler id, so calling the scheduler from every start keeps one schedule.
 */
import type { AppContext } from "../context.server";
import { deleteExpiredWebhookEvents } from "../shopify/webhook-intake.server";
import type { Queues } from "./queues";
import type { JobHandler } from "./runtime.server";

export const WEBHOOK_EVENTS_SWEEP_JOB = "shopify-webhook-events-sweep";

export function webhookEventsSweepHandler(ctx: Pick<AppContext, "db">): JobHandler {
  return async () => ({ deleted: await deleteExpiredWebhookEvents(ctx.db) });
}

export async function scheduleWebhookEventsSweep(queues: Pick<Queues, "maintenance">, everyMs = 3600_000): Promise<void> {
  await queues.maintenance.upsertJobScheduler(WEBHOOK_EVENTS_SWEEP_JOB, { every: everyMs }, { name: WEBHOOK_EVENTS_SWEEP_JOB });
}
