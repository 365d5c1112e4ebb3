/**
 * Job "generate" on QUEUE.generation, data { shop, generationId, attempt }, id
 * jobId("generate", generationId, attempt): routes attempt n to the next model and starts the
 * provider job (engine/start.server.ts). When every remaining model is busy it throws, and BullMQ
 * retries it with backoff; on the last try the generation fails with a plain reason.
 */
import type { EngineContext } from "../engine/context";
import { PIPELINE_JOB, type AttemptJobData } from "../engine/jobs";
import { startAttempt } from "../engine/start.server";
import type { JobHandler } from "./runtime.server";

export const GENERATE_JOB = PIPELINE_JOB.generate;

export function generateHandler(ctx: EngineContext): JobHandler<AttemptJobData> {
  return (job, run) =>
    startAttempt(ctx, job.data.generationId, job.data.attempt, {
      signal: run.signal,
      jobId: job.id,
      finalTry: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
    });
}
