/**
 * Job "analyse" on QUEUE.generation, data { shop, generationId }, id jobId("analyse", generationId):
 * plans the generation, keeps the product's original image, then enqueues attempt 1 (engine/analyse.server.ts).
 */
import { analyseGeneration } from "../engine/analyse.server";
import type { EngineContext } from "../engine/context";
import { PIPELINE_JOB, type GenerationJobData } from "../engine/jobs";
import type { JobHandler } from "./runtime.server";

export const ANALYSE_JOB = PIPELINE_JOB.analyse;

export function analyseHandler(ctx: EngineContext): JobHandler<GenerationJobData> {
  return (job, run) =>
    analyseGeneration(ctx, job.data.generationId, { signal: run.signal, finalTry: job.attemptsMade + 1 >= (job.opts.attempts ?? 1) });
}
