/**
 * Maintenance job: reclaims credit reservations that no running job will close
 * (see billing/sweep.server.ts). Repeats every few minutes under one deterministic scheduler id,
 * so scheduling it from every process start keeps exactly one schedule.
 */
import type { AppContext } from "../context.server";
import { sweepExpiredReservations } from "../billing/sweep.server";
import type { Queues } from "./queues";
import type { JobHandler } from "./runtime.server";

export const SWEEP_RESERVATIONS_JOB = "sweep-reservations";
export const SWEEP_RESERVATIONS_EVERY_MS = 5 * 60_000;

export function sweepReservationsHandler(ctx: Pick<AppContext, "db">): JobHandler {
  return async (_job, run) => {
    const result = await sweepExpiredReservations({ db: ctx.db, log: run.log });
    return { committed: result.committed.length, released: result.released.length };
  };
}

/** Idempotent: the scheduler id is the job name, so a second call updates the same schedule. */
export async function scheduleReservationSweep(queues: Pick<Queues, "maintenance">, everyMs = SWEEP_RESERVATIONS_EVERY_MS): Promise<void> {
  await queues.maintenance.upsertJobScheduler(SWEEP_RESERVATIONS_JOB, { every: everyMs }, { name: SWEEP_RESERVATIONS_JOB });
}
