/**
 * Every job the worker runs: queue → job name → handler. One file per job under app/jobs/.
 */
import type { AppContext } from "../context.server";
import { QUEUE } from "./queues";
import type { HandlerMap } from "./runtime.server";
import { SWEEP_RESERVATIONS_JOB, sweepReservationsHandler } from "./sweep-reservations";

export function jobHandlers(ctx: AppContext): HandlerMap {
  return {
    [QUEUE.maintenance]: {
      [SWEEP_RESERVATIONS_JOB]: sweepReservationsHandler(ctx),
    },
  };
}
