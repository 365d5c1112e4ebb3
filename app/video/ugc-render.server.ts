/**
 * The rendering stages of a presenter video, run by the generation engine's own jobs so that
 * credits, retries, fallbacks, webhooks/polling and review work as for every other generation:
 *   voice   (analyse job)  the approved script → OpenAI TTS → stored voice-over; product photo kept
 *   avatar  (generate job) the talking-avatar model gets the presenter portrait and the voice-over
 *   compose (validate job) the returned clip is checked (blank/corrupt never pass), then ffmpeg makes
 *                          the 9:16 video with the product card and voice track, checked again
 * The stage is kept on the VideoScript so the Jobs page and the studio can show progress.
 */
import { buffer } from "node:stream/consumers";
import type { Generation, Product } from "@prisma/client";
import type { EngineContext } from "../engine/context";
import { enqueueGenerate } from "../engine/jobs";
import { withGenerationLock } from "../engine/lock.server";
import { releaseReservation } from "../engine/outcomes.server";
import { storeOriginal } from "../engine/analyse.server";
import { DownloadError } from "../media/safe-download";
import { OutputRejected } from "../media/rejection";
import { validateOutput } from "../media/validate";
import type { VideoTools } from "../media/video-checks";
import { asProviderError } from "../engine/outcomes.server";
import { scriptText } from "../intelligence/ugc-script.server";
import { reviewVideoFrames } from "./frame-review.server";
import { composeUgcVideo, hasAudioStream, probeAudio, UGC_FRAME } from "./ugc-compose.server";
import { storePresenter } from "./ugc-presenter.server";
import { ugcProgress, type UgcStage } from "./ugc-stages";

export const UGC_AVATAR_PROMPT_VERSION = "ugc-avatar@1";
const AVATAR_PROMPT = "A friendly presenter talking to the camera about a product they love, natural head movement and expressions, steady framing, soft daylight.";
const VOICE_DIRECTION = "Warm, upbeat and natural, like a friend recommending something they use every day.";
/** The composed video may differ from the voice-over by at most this much (encoder frame rounding). */
const DURATION_TOLERANCE_MS = 250;
const MAX_VIDEO_BYTES = 300 * 1024 * 1024;

export const VOICE_FAILED_MESSAGE = "The voice-over could not be recorded. Your credits were returned; please try again.";

/** The stage on the script (studio) and as Generation.progress (Jobs page). */
async function setStage(ctx: Pick<EngineContext, "db">, scriptId: string, stage: UgcStage): Promise<void> {
  const script = await ctx.db.videoScript.update({ where: { id: scriptId }, data: { stage } });
  if (script.generationId) await ctx.db.generation.update({ where: { id: script.generationId }, data: { progress: ugcProgress(stage) } });
}

function decodeDataUrl(url: string): Buffer {
  const match = /^data:[^;,]+;base64,(.*)$/s.exec(url);
  if (!match) throw new OutputRejected("corrupt", "The voice-over came back in an unexpected form");
  return Buffer.from(match[1], "base64");
}

type Claimed = Generation & { product: Product; shop: { domain: string } };

/**
 * Stage 1, instead of prompt planning: voice the approved script and keep the product photo. A
 * replay (worker restarted) reuses a voice-over already stored. Failures the job can retry are
 * thrown; anything else fails the generation and returns the reservation.
 */
export async function prepareUgcVoice(ctx: EngineContext, generation: Claimed, scriptId: string, options: { signal: AbortSignal; finalTry: boolean }): Promise<void> {
  let script = await ctx.db.videoScript.findUnique({ where: { id: scriptId } });
  // A retry of a failed or cancelled render takes the script over (same approved words, voice-over reused).
  const previous = script?.generationId && script.generationId !== generation.id ? await ctx.db.generation.findUnique({ where: { id: script.generationId } }) : null;
  if (script && previous && (previous.status === "failed" || previous.status === "cancelled")) {
    script = await ctx.db.videoScript.update({ where: { id: script.id }, data: { generationId: generation.id } });
  }
  if (!script || script.status !== "approved" || script.generationId !== generation.id) {
    return failBeforeAvatar(ctx, generation, "script_missing", "The approved script for this video could not be found. Your credits were returned.");
  }
  await setStage(ctx, script.id, "voice");
  const sourceImageUrl = script.sourceImageUrl;
  const speech = ctx.registry.config.speech[0];
  let sourceAssetId: string;
  let voice = script.voiceStorageKey ? { key: script.voiceStorageKey, durationMs: script.voiceDurationMs ?? 0 } : undefined;
  try {
    if (!sourceImageUrl) throw new OutputRejected("corrupt", "The product has no photo");
    sourceAssetId = await storeOriginal(ctx, generation, sourceImageUrl, options.signal);
    if (!voice) {
      const job = await ctx.providers[speech.provider].start({
        modelId: speech.id,
        modelRef: speech.modelRef,
        input: { input: scriptText(script), voice: script.voice, response_format: "mp3", instructions: VOICE_DIRECTION },
        idempotencyKey: `${generation.id}.voice`,
        signal: options.signal,
      });
      const audio = decodeDataUrl(job.outputUrls?.[0] ?? "");
      const facts = await probeAudio(audio, { ffprobePath: ctx.engine.ffprobePath });
      const stored = await ctx.storage.put({ shopId: generation.shopId, kind: "output", ext: "mp3", contentType: "audio/mpeg", body: audio });
      voice = { key: stored.key, durationMs: facts.durationMs };
      await ctx.db.videoScript.update({ where: { id: script.id }, data: { voiceStorageKey: stored.key, voiceDurationMs: facts.durationMs } });
    }
  } catch (error) {
    if (options.signal.aborted) throw error;
    const providerError = error instanceof OutputRejected || error instanceof DownloadError ? undefined : asProviderError(error);
    const transient = providerError?.isRetryable || (error instanceof DownloadError && error.code !== "blocked_url" && error.code !== "too_large");
    if (transient && !options.finalTry) throw error;
    ctx.log.warn({ generationId: generation.id, err: error }, "presenter voice-over failed");
    return failBeforeAvatar(ctx, generation, "voice_failed", VOICE_FAILED_MESSAGE);
  }
  const proceed = await withGenerationLock(ctx.db, generation.id, async (tx, current) => {
    if (current.status !== "analysing") return false;
    await tx.generation.update({ where: { id: generation.id }, data: { prompt: AVATAR_PROMPT, promptVersion: UGC_AVATAR_PROMPT_VERSION, sourceAssetId } });
    return true;
  });
  if (!proceed) return;
  await setStage(ctx, script.id, "avatar");
  ctx.log.info({ generationId: generation.id, voiceMs: voice.durationMs }, "presenter voice-over recorded");
  await enqueueGenerate(ctx, { shop: generation.shop.domain, generationId: generation.id, attempt: 1 });
}

async function failBeforeAvatar(ctx: EngineContext, generation: Generation, code: string, message: string): Promise<void> {
  const failed = await withGenerationLock(ctx.db, generation.id, async (tx, current) => {
    if (current.status !== "analysing") return false;
    await tx.generation.update({ where: { id: generation.id }, data: { status: "failed", errorCode: code, errorMessage: message, completedAt: new Date() } });
    return true;
  });
  if (failed) await releaseReservation(ctx, generation, code);
}

/** Stage 2 inputs: the presenter portrait and the voice-over, inline (data URLs; both are small). */
export async function ugcAvatarInput(ctx: Pick<EngineContext, "db" | "storage">, scriptId: string): Promise<{ imageUrl: string; audioUrl: string }> {
  const script = await ctx.db.videoScript.findUniqueOrThrow({ where: { id: scriptId } });
  if (!script.voiceStorageKey) throw new Error(`presenter video ${scriptId} has no voice-over yet`);
  const portraitKey = await storePresenter(ctx, script.shopId);
  const [portrait, voice] = await Promise.all([buffer(await ctx.storage.get(portraitKey)), buffer(await ctx.storage.get(script.voiceStorageKey))]);
  await setStage(ctx, script.id, "avatar");
  return { imageUrl: `data:image/png;base64,${portrait.toString("base64")}`, audioUrl: `data:audio/mpeg;base64,${voice.toString("base64")}` };
}

/**
 * Stage 3, after the avatar clip itself passed the video checks (so a blank or corrupt clip never
 * gets this far): compose, then check the result is a playable 9:16 video with sound that lasts as
 * long as the voice-over and shows no blank frames. Throws OutputRejected like any validation.
 */
export async function composeUgcOutput(ctx: Pick<EngineContext, "db" | "storage">, generation: Generation, scriptId: string, avatar: Buffer, tools: VideoTools) {
  const script = await ctx.db.videoScript.findUniqueOrThrow({ where: { id: scriptId } });
  const original = generation.sourceAssetId ? await ctx.db.asset.findUnique({ where: { id: generation.sourceAssetId } }) : null;
  if (!script.voiceStorageKey || !script.voiceDurationMs || !original) throw new OutputRejected("corrupt", "The voice-over or product photo of this video is missing");
  await setStage(ctx, script.id, "compose");
  const [voice, productImage] = await Promise.all([buffer(await ctx.storage.get(script.voiceStorageKey)), buffer(await ctx.storage.get(original.storageKey))]);
  const bytes = await composeUgcVideo({ avatar, productImage, voice, voiceDurationMs: script.voiceDurationMs, tools });
  const validated = await validateOutput(bytes, {
    kind: "video",
    declaredContentType: "video/mp4",
    maxBytes: MAX_VIDEO_BYTES,
    durationSeconds: Math.ceil(script.voiceDurationMs / 1000),
    videoTools: tools,
  });
  if (validated.width !== UGC_FRAME.width || validated.height !== UGC_FRAME.height) {
    throw new OutputRejected("aspect_ratio", "The presenter video did not come out in the vertical 9:16 shape");
  }
  if (Math.abs((validated.durationMs ?? 0) - script.voiceDurationMs) > DURATION_TOLERANCE_MS) {
    throw new OutputRejected("duration", "The presenter video does not last as long as its voice-over");
  }
  if (!(await hasAudioStream(bytes, tools))) throw new OutputRejected("corrupt", "The presenter video has no sound");
  const frames = await reviewVideoFrames(bytes, { durationMs: validated.durationMs ?? script.voiceDurationMs, tools });
  return { bytes, validated, frames };
}
