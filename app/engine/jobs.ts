/**
 * Job names, deterministic ids and enqueue helpers of the generation pipeline. Ids come from the
 * generation id and the attempt (and poll round), so replaying any step cannot create a second job.
 */
import { jobId, QUEUE } from "../jobs/queues";
import type { AppContext } from "../context.server";

export const PIPELINE_JOB = { analyse: "analyse", generate: "generate", poll: "poll", validate: "validate", publish: "publish" } as const;

export interface GenerationJobData {
  shop: string;
  generationId: string;
}
export interface AttemptJobData extends GenerationJobData {
  attempt: number;
}
export interface PollJobData extends AttemptJobData {
  round: number;
}
export interface ValidateJobData extends AttemptJobData {
  outputUrls: string[];
  nsfw?: boolean;
}

type Queues = Pick<AppContext, "queues">;

export async function enqueueAnalyse(ctx: Queues, data: GenerationJobData): Promise<void> {
  await ctx.queues[QUEUE.generation].add(PIPELINE_JOB.analyse, data, { jobId: jobId("analyse", data.generationId) });
}

export async function enqueueGenerate(ctx: Queues, data: AttemptJobData): Promise<void> {
  await ctx.queues[QUEUE.generation].add(PIPELINE_JOB.generate, data, { jobId: jobId("generate", data.generationId, data.attempt) });
}

export async function enqueuePoll(ctx: Queues, data: PollJobData, delayMs: number): Promise<void> {
  await ctx.queues[QUEUE.providerPoll].add(PIPELINE_JOB.poll, data, {
    jobId: jobId("poll", data.generationId, data.attempt, data.round),
    delay: delayMs,
  });
}

export async function enqueueValidate(ctx: Queues, data: ValidateJobData): Promise<void> {
  await ctx.queues[QUEUE.generation].add(PIPELINE_JOB.validate, data, { jobId: jobId("validate", data.generationId, data.attempt) });
}

/** Write-back is another module's job (jobs/publish.ts); the pipeline only hands over. */
export async function enqueuePublish(ctx: Queues, data: GenerationJobData): Promise<void> {
  await ctx.queues[QUEUE.publish].add(PIPELINE_JOB.publish, data, { jobId: jobId("publish", data.generationId) });
}
