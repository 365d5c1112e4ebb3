/**
 * Job "poll" on QUEUE.providerPoll, data { shop, generationId, attempt, round }, id
 * jobId("poll", generationId, attempt, round), delayed: the fallback for lost provider webhooks
 * (engine/poll.server.ts). Each round schedules the next with backoff until the attempt is done.
 */
import type { EngineContext } from "../engine/context";
import { PIPELINE_JOB, type PollJobData } from "../engine/jobs";
import { pollAttempt } from "../engine/poll.server";
import type { JobHandler } from "./runtime.server";

export const POLL_JOB = PIPELINE_JOB.poll;

export function pollHandler(ctx: EngineContext): JobHandler<PollJobData> {
  return (job, run) => pollAttempt(ctx, job.data.generationId, job.data.attempt, job.data.round, run.signal);
}
