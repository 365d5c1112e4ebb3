/**
 * Validation of a finished attempt's output, then storage and the hand-over to the merchant:
 * download safely, validate (format, decode, blank, shape, NSFW, product fidelity against the
 * stored original), store content-addressed with the checksum verified, record the Asset, and
 * set ready_for_review (or hand over to publish when auto-publish is on). A rejected output is a
 * failed attempt (output_invalid) and the next model is tried.
 */
import { buffer } from "node:stream/consumers";
import { DownloadError, safeDownload } from "../media/safe-download";
import { OutputRejected } from "../media/rejection";
import { storeOutputAsset } from "../media/output-asset.server";
import { validateOutput } from "../media/validate";
import { ProviderError } from "../providers/types";
import { reviewVideoFrames, type FrameReview } from "../video/frame-review.server";
import { storePoster } from "../video/poster.server";
import { composeUgcOutput } from "../video/ugc-render.server";
import { currentAttempt, parseAttempts, updateAttempt } from "./attempts";
import { modelHealth, type EngineContext } from "./context";
import { enqueuePublish } from "./jobs";
import { withGenerationLock } from "./lock.server";
import { readOptions } from "./options";
import { failAttempt, shopDomain } from "./outcomes.server";

const MAX_BYTES = { image: 40 * 1024 * 1024, video: 300 * 1024 * 1024 } as const;

export interface ValidateOptions {
  signal: AbortSignal;
  /** Last try of the BullMQ job: a network failure now rejects the output instead of retrying. */
  finalTry: boolean;
}

export async function validateAttempt(
  ctx: EngineContext,
  generationId: string,
  n: number,
  output: { outputUrls: string[]; nsfw?: boolean },
  options: ValidateOptions,
): Promise<void> {
  const generation = await ctx.db.generation.findUnique({ where: { id: generationId } });
  if (!generation) return;
  const attempt = currentAttempt(parseAttempts(generation.attempts));
  if (generation.status === "ready_for_review" && generation.autoPublish && attempt?.n === n && attempt.outcome === "succeeded") {
    // A replay of this job after it committed but before its hand-over to publish (worker killed,
    // or Redis unreachable, in between): hand over again; the publish job id makes it idempotent.
    await enqueuePublish(ctx, { shop: await shopDomain(ctx, generation), generationId });
    return;
  }
  if (generation.status !== "validating") return;
  if (attempt?.n !== n || attempt.outcome !== "validating") return;
  const model = ctx.registry.get(attempt.modelId);
  const requested = readOptions(generation.options);

  let validated;
  let frames: FrameReview | undefined;
  let bytes: Buffer;
  try {
    if (!output.outputUrls.length) throw new OutputRejected("corrupt", "The AI service returned no file");
    const downloaded = await safeDownload(output.outputUrls[0], {
      allowOrigins: ctx.engine.allowOrigins,
      maxBytes: MAX_BYTES[model.outputKind],
      timeoutMs: 120_000,
      signal: options.signal,
    });
    bytes = downloaded.bytes;
    const original = model.checkFidelity ? await originalBytes(ctx, generation.sourceAssetId) : undefined;
    const videoTools = { ffprobePath: ctx.engine.ffprobePath, ffmpegPath: ctx.engine.ffmpegPath };
    validated = await validateOutput(bytes, {
      kind: model.outputKind,
      declaredContentType: downloaded.contentType,
      nsfw: output.nsfw,
      aspectRatio: requested.aspectRatio,
      durationSeconds: requested.durationSeconds,
      maxBytes: MAX_BYTES[model.outputKind],
      original: model.outputKind === "image" ? original : undefined,
      fidelityThreshold: ctx.engine.fidelityThreshold,
      judge: ctx.engine.judge,
      videoTools,
    });
    if (validated.kind === "video") {
      // Video: sampled frames give the poster and the product-fidelity check.
      frames = await reviewVideoFrames(bytes, {
        durationMs: validated.durationMs ?? 0,
        original,
        fidelityThreshold: ctx.engine.fidelityThreshold,
        judge: ctx.engine.judge,
        tools: videoTools,
      });
      // Presenter video: the avatar clip passed; the reviewed output is its composition.
      if (requested.ugcScriptId) ({ bytes, validated, frames } = await composeUgcOutput(ctx, generation, requested.ugcScriptId, bytes, videoTools));
    }
  } catch (error) {
    if (options.signal.aborted) throw error;
    const transient = error instanceof DownloadError && (error.code === "network" || error.code === "timeout" || error.code === "http_error");
    if (transient && !options.finalTry) throw error; // the job retries the download
    if (!(error instanceof OutputRejected || error instanceof DownloadError)) throw error;
    const detail = error instanceof OutputRejected ? error.code : `download_${error.code}`;
    ctx.log.warn({ generationId, attempt: n, modelId: model.id, reason: detail }, "output rejected");
    await failAttempt(
      ctx,
      generationId,
      n,
      new ProviderError("output_invalid", error.message, { provider: model.provider }),
      { outcome: "rejected", detail, fidelityScore: error instanceof OutputRejected ? error.fidelityScore : undefined },
      "validating",
    );
    return;
  }

  const asset = await storeOutputAsset(ctx, generation, bytes, validated);
  const posterAssetId = frames ? await storePoster(ctx, generation, frames.poster) : undefined;
  const fidelityScore = validated.fidelityScore ?? frames?.fidelityScore;
  const done = await withGenerationLock(ctx.db, generationId, async (tx, current) => {
    const attempts = parseAttempts(current.attempts);
    const now = currentAttempt(attempts);
    if (current.status !== "validating" || now?.n !== n || now.outcome !== "validating") return false;
    const finishedAt = new Date();
    await tx.generation.update({
      where: { id: generationId },
      data: {
        status: "ready_for_review",
        outputAssetId: asset.id,
        ...(posterAssetId ? { posterAssetId } : {}),
        completedAt: finishedAt,
        errorCode: null,
        errorMessage: null,
        attempts: updateAttempt(attempts, n, {
          outcome: "succeeded",
          fidelityScore,
          finishedAt: finishedAt.toISOString(),
          latencyMs: finishedAt.getTime() - Date.parse(now.startedAt),
        }),
      },
    });
    return true;
  });
  if (!done) return;
  const health = modelHealth(ctx);
  await health.releaseSlot(model.id, `${generationId}.${n}`);
  await health.record(model.id, { ok: true, latencyMs: Date.now() - Date.parse(attempt.startedAt) });
  ctx.log.info({ generationId, attempt: n, modelId: model.id, fidelity: fidelityScore }, "output ready for review");
  if (generation.autoPublish) await enqueuePublish(ctx, { shop: await shopDomain(ctx, generation), generationId });
}

async function originalBytes(ctx: EngineContext, sourceAssetId: string | null): Promise<Buffer | undefined> {
  if (!sourceAssetId) return undefined;
  const asset = await ctx.db.asset.findUnique({ where: { id: sourceAssetId } });
  return asset ? buffer(await ctx.storage.get(asset.storageKey)) : undefined;
}
