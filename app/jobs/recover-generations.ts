/**
 * Maintenance job "recover-generations": re-drives generations that stopped moving, and fails
 * (with credits released) those stuck for too long (engine/recover.server.ts). Repeats under one
 * deterministic scheduler id, so scheduling it from every process start keeps exactly one schedule.
 */
import type { EngineContext } from "../engine/context";
import { recoverStalledGenerations } from "../engine/recover.server";
import type { Queues } from "./queues";
import type { JobHandler } from "./runtime.server";

export const RECOVER_GENERATIONS_JOB = "recover-generations";
export const RECOVER_GENERATIONS_EVERY_MS = 5 * 60_000;

export function recoverGenerationsHandler(ctx: EngineContext): JobHandler {
  return async (_job, run) => {
    const result = await recoverStalledGenerations(ctx, { signal: run.signal });
    return { redriven: result.redriven.length, failed: result.failed.length };
  };
}

export async function scheduleGenerationRecovery(queues: Pick<Queues, "maintenance">, everyMs = RECOVER_GENERATIONS_EVERY_MS): Promise<void> {
  await queues.maintenance.upsertJobScheduler(RECOVER_GENERATIONS_JOB, { every: everyMs }, { name: RECOVER_GENERATIONS_JOB });
}
