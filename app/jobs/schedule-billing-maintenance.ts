/**
 * Schedules billing's repeatable maintenance jobs (reservation sweep, spend watch, allowance
 * grants). Safe to call from every worker start: each uses a deterministic scheduler id.
 */
import { scheduleAllowanceGrants } from "./grant-allowances";
import type { Queues } from "./queues";
import { scheduleReservationSweep } from "./sweep-reservations";
import { scheduleSpendWatch } from "./watch-spend";

export async function scheduleBillingMaintenance(queues: Pick<Queues, "maintenance">): Promise<void> {
  await Promise.all([scheduleReservationSweep(queues), scheduleSpendWatch(queues), scheduleAllowanceGrants(queues)]);
}
