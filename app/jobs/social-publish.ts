/**
 * Job "social-publish" on QUEUE.social, data { shop, publicationId }: uploads a generated video to
 * TikTok or YouTube (publishing/publications.server.ts), then schedules "social-status". Timeouts,
 * 5xx and rate limits are retried by BullMQ; a revoked grant or a refused post fails the
 * publication at once with the platform's reason (and marks the account for reconnecting).
 */
import { UnrecoverableError } from "bullmq";
import { recordPublicationError, uploadPublication, type PublicationJobData, type PublishingContext } from "../publishing/publications.server";
import type { JobHandler } from "./runtime.server";

export { SOCIAL_PUBLISH_JOB } from "../publishing/publications.server";

export function socialPublishHandler(ctx: PublishingContext): JobHandler<PublicationJobData> {
  return publicationStep(ctx, uploadPublication);
}

/** Runs one publication step with the shared failure policy (also used by social-status). */
export function publicationStep(
  ctx: PublishingContext,
  step: (ctx: PublishingContext, data: PublicationJobData, signal: AbortSignal) => Promise<unknown>,
): JobHandler<PublicationJobData> {
  return async (job, run) => {
    try {
      return await step(ctx, job.data, run.signal);
    } catch (error) {
      if (run.signal.aborted) throw error;
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (await recordPublicationError(ctx, job.data.publicationId, error, lastAttempt)) throw error;
      throw new UnrecoverableError(error instanceof Error ? error.message : String(error));
    }
  };
}
