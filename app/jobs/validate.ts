/**
 * Job "validate" on QUEUE.generation, data { shop, generationId, attempt, outputUrls, nsfw }, id
 * jobId("validate", generationId, attempt): downloads and validates the output, stores it, and
 * sets ready_for_review, or rejects it and falls back to the next model (engine/validate.server.ts).
 */
import type { EngineContext } from "../engine/context";
import { PIPELINE_JOB, type ValidateJobData } from "../engine/jobs";
import { validateAttempt } from "../engine/validate.server";
import type { JobHandler } from "./runtime.server";

export const VALIDATE_JOB = PIPELINE_JOB.validate;

export function validateHandler(ctx: EngineContext): JobHandler<ValidateJobData> {
  return (job, run) =>
    validateAttempt(ctx, job.data.generationId, job.data.attempt, { outputUrls: job.data.outputUrls, nsfw: job.data.nsfw }, {
      signal: run.signal,
      finalTry: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
    });
}
