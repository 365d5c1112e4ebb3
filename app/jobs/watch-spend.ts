/**
 * Maintenance job: every minute, fires the daily spend alerts newly crossed and pauses shops whose
 * spend rate jumped far above their norm (billing/spend-alerts.server.ts, anomaly-guard.server.ts).
 * Both are idempotent, so an overlapping or repeated run changes nothing.
 */
import type { AppContext } from "../context.server";
import { checkSpendAnomalies } from "../billing/anomaly-guard.server";
import { notifierFromEnv, type Notifier } from "../billing/notifier";
import { checkDailySpendAlerts } from "../billing/spend-alerts.server";
import type { Queues } from "./queues";
import type { JobHandler } from "./runtime.server";

export const WATCH_SPEND_JOB = "watch-spend";
export const WATCH_SPEND_EVERY_MS = 60_000;

export function watchSpendHandler(ctx: Pick<AppContext, "db" | "redis" | "env">, notifier: Notifier = notifierFromEnv(ctx.env)): JobHandler {
  return async (_job, run) => {
    const jobCtx = { ...ctx, log: run.log };
    const alerts = await checkDailySpendAlerts(jobCtx, notifier);
    const paused = await checkSpendAnomalies(jobCtx, notifier);
    return { alerts: alerts.length, paused: paused.length };
  };
}

/** Idempotent: one schedule under the job's name however many processes call it. */
export async function scheduleSpendWatch(queues: Pick<Queues, "maintenance">, everyMs = WATCH_SPEND_EVERY_MS): Promise<void> {
  await queues.maintenance.upsertJobScheduler(WATCH_SPEND_JOB, { every: everyMs }, { name: WATCH_SPEND_JOB });
}
