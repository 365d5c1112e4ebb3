/**
 * Job "multi-photo-video" on QUEUE.generation, data { shop, generationId }, id
 * jobId("multi-photo-video", generationId): renders a multi-photo product video in the worker
 * (app/video/multi-photo.server.ts), reporting each stage with job.updateProgress. A retried job
 * resumes its clips' provider jobs; on the last try an unexpected error fails the generation and
 * releases its credits.
 */
import type { AppContext } from "../context.server";
import type { EngineContext } from "../engine/context";
import { renderMultiPhotoVideo } from "../video/multi-photo.server";
import { jobId, QUEUE } from "./queues";
import type { JobHandler } from "./runtime.server";

export const MULTI_PHOTO_VIDEO_JOB = "multi-photo-video";

export interface MultiPhotoVideoJobData {
  shop: string;
  generationId: string;
}

export async function enqueueMultiPhotoVideo(ctx: Pick<AppContext, "queues">, data: MultiPhotoVideoJobData): Promise<void> {
  await ctx.queues[QUEUE.generation].add(MULTI_PHOTO_VIDEO_JOB, data, { jobId: jobId(MULTI_PHOTO_VIDEO_JOB, data.generationId) });
}

export function multiPhotoVideoHandler(ctx: EngineContext): JobHandler<MultiPhotoVideoJobData> {
  return (job, run) =>
    renderMultiPhotoVideo(ctx, job.data.generationId, {
      signal: run.signal,
      finalTry: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
      fontFile: ctx.env.VIDEO_OVERLAY_FONT,
      onProgress: (progress) => job.updateProgress(progress),
    });
}
