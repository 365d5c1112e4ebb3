/**
 * Job "publish" on QUEUE.publish, data { shop, generationId }, id jobId("publish", generationId):
 * writes an approved image to Shopify (models/media.server.ts). Retryable failures are retried by
 * BullMQ; on the last attempt, or when retrying cannot help, the generation is marked failed with
 * a plain-language reason and its credits are released by the billing sweep.
 */
import { UnrecoverableError } from "bullmq";
import { markPublishFailed, MediaProcessingError, publishGeneration, type MediaContext } from "../models/media.server";
import { isShopifyApiError } from "../shopify/errors";
import type { JobHandler } from "./runtime.server";

export const PUBLISH_JOB = "publish";

export interface PublishJobData {
  shop: string;
  generationId: string;
}

function retryable(error: unknown): boolean {
  if (error instanceof MediaProcessingError || error instanceof UnrecoverableError) return false;
  return isShopifyApiError(error) ? error.retryable : true;
}

export function publishHandler(ctx: MediaContext): JobHandler<PublishJobData> {
  return async (job, run) => {
    try {
      return await publishGeneration(ctx, { generationId: job.data.generationId, signal: run.signal, log: run.log });
    } catch (error) {
      if (run.signal.aborted) throw error;
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (!retryable(error) || lastAttempt) {
        await markPublishFailed(ctx, job.data.generationId, error);
        throw error instanceof UnrecoverableError ? error : new UnrecoverableError((error as Error).message);
      }
      throw error;
    }
  };
}
