/**
 * Renders one multi-photo video in the worker, stage by stage: collect the chosen photos → (clips
 * mode) a clip per angle from a video model → stitch with transitions → title/price overlay and
 * music → validate → store. Each stage is written to Generation.progress (the Jobs page) and
 * reported to the BullMQ job before it starts. The result lands in ready_for_review like any
 * generation, so review, approval and the video write-back are the existing ones.
 *
 * Failure: a reason the merchant can act on (a blank photo, no model could animate an angle, an
 * output that fails its checks) fails the generation with that reason and releases the credits
 * at once; anything else is retried by the job, and on its last try fails the same way. A
 * cancelled generation stops at the next stage or poll; the cancel settled its credits.
 */
import { buffer } from "node:stream/consumers";
import type { Generation } from "@prisma/client";
import { DownloadError, safeDownload } from "../media/safe-download";
import { checkImage } from "../media/image-checks";
import { OutputRejected } from "../media/rejection";
import { storeOutputAsset } from "../media/output-asset.server";
import { validateOutput, type ValidatedOutput } from "../media/validate";
import type { EngineContext } from "../engine/context";
import { enqueuePublish } from "../engine/jobs";
import { withGenerationLock } from "../engine/lock.server";
import { releaseReservation } from "../engine/outcomes.server";
import { finishVideo } from "./finish.server";
import { makeClip } from "./multi-photo-clips.server";
import { checkMultiPhotoVideo } from "./multi-photo-checks.server";
import { MultiPhotoFailure, MultiPhotoStopped } from "./multi-photo-errors";
import { frameSize, multiPhotoSpecSchema, progressAt, TRANSITION_SECONDS, type GenerationProgress, type MultiPhotoAngle, type MultiPhotoSpec } from "./multi-photo-spec";
import { storePoster } from "./poster.server";
import { stitchAngles, stitchedDurationMs } from "./stitch.server";

export type MultiPhotoContext = EngineContext;

export interface RenderOptions {
  signal: AbortSignal;
  /** Last try of the BullMQ job: an unexpected error fails the generation instead of retrying. */
  finalTry: boolean;
  /** The BullMQ job's own progress (job.updateProgress). */
  onProgress?(progress: GenerationProgress): Promise<void>;
  /** The overlay font; from VIDEO_OVERLAY_FONT. */
  fontFile: string;
}

const MAX_PHOTO_BYTES = 40 * 1024 * 1024;
const PHOTO_URL_LIFETIME_SECONDS = 3600;

export async function renderMultiPhotoVideo(ctx: MultiPhotoContext, generationId: string, options: RenderOptions): Promise<void> {
  const generation = await ctx.db.generation.findUnique({ where: { id: generationId }, include: { shop: { select: { domain: true } } } });
  if (!generation || !["pending", "generating"].includes(generation.status)) return;
  const rawOptions = generation.options as { aspectRatio?: string; multiPhoto?: unknown };
  const parsed = multiPhotoSpecSchema.safeParse(rawOptions.multiPhoto);
  const aspectRatio = rawOptions.aspectRatio ?? "1:1";

  const report = async (progress: GenerationProgress) => {
    const updated = await ctx.db.generation.updateMany({ where: { id: generationId, status: "generating" }, data: { progress } });
    if (!updated.count) throw new MultiPhotoStopped();
    await options.onProgress?.(progress);
  };

  try {
    if (!parsed.success) throw new MultiPhotoFailure("invalid_request", "This video request is incomplete. Please make it again.");
    const spec = parsed.data;
    await ctx.db.generation.updateMany({
      where: { id: generationId, status: { in: ["pending", "generating"] } },
      data: { status: "generating", startedAt: generation.startedAt ?? new Date() },
    });

    await report(progressAt("collect", 0, spec.angles.length));
    const photos: Buffer[] = [];
    for (const [i, angle] of spec.angles.entries()) {
      photos.push(await collectPhoto(ctx, generation, angle, i, options.signal));
      await report(progressAt("collect", i + 1, spec.angles.length, `Photo ${i + 1} of ${spec.angles.length}`));
    }

    let segments = photos;
    if (spec.mode === "clips") {
      segments = [];
      for (const [i, angle] of spec.angles.entries()) {
        await report(progressAt("clips", i, spec.angles.length, `Clip ${i + 1} of ${spec.angles.length}`));
        const imageUrl = await providerUrl(ctx, angle);
        segments.push(await makeClip(ctx, { generationId, spec, aspectRatio, index: i, imageUrl, original: photos[i], signal: options.signal }));
      }
    }

    await report(progressAt("stitch"));
    const tools = { ffprobePath: ctx.engine.ffprobePath, ffmpegPath: ctx.engine.ffmpegPath };
    const stitched = await stitchAngles(segments, {
      segmentSeconds: spec.segmentSeconds,
      transitionSeconds: TRANSITION_SECONDS,
      transition: spec.transition,
      ...frameSize(aspectRatio),
      tools,
    });

    await report(progressAt("finish"));
    const finished = await finishVideo(stitched.mp4, {
      overlay: spec.overlay,
      music: spec.music,
      durationMs: stitched.expectedDurationMs,
      fontFile: options.fontFile,
      tools,
    });

    await report(progressAt("validate"));
    const validated = await validateOutput(finished, { kind: "video", durationSeconds: stitched.expectedDurationMs / 1000, videoTools: tools });
    const { poster } = await checkMultiPhotoVideo(finished, {
      segments: spec.angles.length,
      expectedDurationMs: stitchedDurationMs(spec.angles.length, spec.segmentSeconds, TRANSITION_SECONDS),
      measuredDurationMs: validated.durationMs ?? 0,
      withAudio: Boolean(spec.music),
      tools,
    });

    await report(progressAt("store"));
    if (await storeResult(ctx, generation, spec, finished, validated, poster)) await options.onProgress?.(progressAt("store", 1));
  } catch (error) {
    if (error instanceof MultiPhotoStopped) return;
    if (options.signal.aborted) throw error;
    const failure = asFailure(error);
    if (!failure && !options.finalTry) throw error; // the job retries
    await failRender(ctx, generation, failure ?? new MultiPhotoFailure("render_failed", "The video could not be made. No credits were used; please try again."));
    if (!failure) ctx.log.error({ generationId, err: error }, "multi-photo video failed on its last try");
  }
}

/** Reasons that retrying cannot change. */
function asFailure(error: unknown): MultiPhotoFailure | undefined {
  if (error instanceof MultiPhotoFailure) return error;
  if (error instanceof OutputRejected) {
    return new MultiPhotoFailure(`output_invalid:${error.code}`, `The finished video did not pass our checks (${error.message.toLowerCase()}), so it was not kept. No credits were used.`);
  }
  if (error instanceof DownloadError && !["network", "timeout", "http_error"].includes(error.code)) {
    return new MultiPhotoFailure("photo_unavailable", "One of the chosen photos could not be fetched. No credits were used; choose other photos.");
  }
  return undefined;
}

async function collectPhoto(ctx: MultiPhotoContext, generation: Generation, angle: MultiPhotoAngle, index: number, signal: AbortSignal): Promise<Buffer> {
  let bytes: Buffer;
  if (angle.source === "product_media") {
    bytes = (await safeDownload(angle.url, { allowOrigins: ctx.engine.allowOrigins, maxBytes: MAX_PHOTO_BYTES, timeoutMs: 60_000, signal })).bytes;
  } else {
    const asset = await ctx.db.asset.findFirst({ where: { id: angle.assetId, shopId: generation.shopId, productId: generation.productId } });
    if (!asset) throw new MultiPhotoFailure("photo_unavailable", `Photo ${index + 1} is no longer in Glint. No credits were used; choose other photos.`);
    bytes = await buffer(await ctx.storage.get(asset.storageKey));
  }
  try {
    await checkImage(bytes, { minSide: 64 });
  } catch (error) {
    if (!(error instanceof OutputRejected)) throw error;
    const why = error.code === "blank" ? "is blank" : error.code === "too_small" ? "is too small" : "cannot be opened";
    throw new MultiPhotoFailure("photo_unusable", `Photo ${index + 1} ${why}, so the video was not made. No credits were used; choose other photos.`);
  }
  return bytes;
}

/** Where a video model fetches the angle from: the shop's CDN, or a short-lived signed link to Glint's copy. */
async function providerUrl(ctx: MultiPhotoContext, angle: MultiPhotoAngle): Promise<string> {
  if (angle.source === "product_media") return angle.url;
  const asset = await ctx.db.asset.findUniqueOrThrow({ where: { id: angle.assetId } });
  return ctx.storage.url(asset.storageKey, { expiresInSeconds: PHOTO_URL_LIFETIME_SECONDS });
}

async function storeResult(
  ctx: MultiPhotoContext,
  generation: Generation & { shop: { domain: string } },
  spec: MultiPhotoSpec,
  video: Buffer,
  validated: ValidatedOutput,
  poster: Awaited<ReturnType<typeof checkMultiPhotoVideo>>["poster"],
): Promise<boolean> {
  const asset = await storeOutputAsset(ctx, generation, video, validated, `${spec.productTitle} – product video`.slice(0, 512));
  const posterAssetId = await storePoster(ctx, generation, poster);
  const done = await withGenerationLock(ctx.db, generation.id, async (tx, current) => {
    if (current.status !== "generating") return false;
    await tx.generation.update({
      where: { id: generation.id },
      data: { status: "ready_for_review", outputAssetId: asset.id, posterAssetId, completedAt: new Date(), errorCode: null, errorMessage: null, progress: progressAt("store", 1) },
    });
    return true;
  });
  if (!done) return false;
  ctx.log.info({ generationId: generation.id, segments: spec.angles.length, mode: spec.mode }, "multi-photo video ready for review");
  if (generation.autoPublish) await enqueuePublish(ctx, { shop: generation.shop.domain, generationId: generation.id });
  return true;
}

async function failRender(ctx: MultiPhotoContext, generation: Generation, failure: MultiPhotoFailure): Promise<void> {
  const failed = await withGenerationLock(ctx.db, generation.id, async (tx, current) => {
    if (!["pending", "generating"].includes(current.status)) return false;
    await tx.generation.update({ where: { id: generation.id }, data: { status: "failed", errorCode: failure.code, errorMessage: failure.message, completedAt: new Date() } });
    return true;
  });
  if (!failed) return;
  await releaseReservation(ctx, generation, failure.code);
  ctx.log.info({ generationId: generation.id, code: failure.code }, "multi-photo video failed");
}
