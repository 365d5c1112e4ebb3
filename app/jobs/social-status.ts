/**
 * Job "social-status" on QUEUE.social, data { shop, publicationId }, id
 * jobId("social-status", publicationId, upload, check): asks the platform whether a posted video finished
 * processing; marks it published (with its public URL) or failed, or schedules the next check.
 */
import { checkPublication, type PublicationJobData, type PublishingContext } from "../publishing/publications.server";
import type { JobHandler } from "./runtime.server";
import { publicationStep } from "./social-publish";

export { SOCIAL_STATUS_JOB } from "../publishing/publications.server";

export function socialStatusHandler(ctx: PublishingContext): JobHandler<PublicationJobData> {
  return publicationStep(ctx, checkPublication);
}
