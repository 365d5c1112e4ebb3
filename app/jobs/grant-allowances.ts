/**
 * Maintenance job: hourly, grants each active plan's monthly credits when a new 30-day billing
 * period has started (billing/subscriptions.server.ts grantDueAllowances; idempotent per period).
 */
import type { AppContext } from "../context.server";
import { grantDueAllowances } from "../billing/subscriptions.server";
import type { Queues } from "./queues";
import type { JobHandler } from "./runtime.server";

export const GRANT_ALLOWANCES_JOB = "grant-allowances";
export const GRANT_ALLOWANCES_EVERY_MS = 3600_000;

export function grantAllowancesHandler(ctx: Pick<AppContext, "db" | "env">): JobHandler {
  return async (_job, run) => ({ granted: (await grantDueAllowances({ ...ctx, log: run.log })).length });
}

/** Idempotent: one schedule under the job's name however many processes call it. */
export async function scheduleAllowanceGrants(queues: Pick<Queues, "maintenance">, everyMs = GRANT_ALLOWANCES_EVERY_MS): Promise<void> {
  await queues.maintenance.upsertJobScheduler(GRANT_ALLOWANCES_JOB, { every: everyMs }, { name: GRANT_ALLOWANCES_JOB });
}
