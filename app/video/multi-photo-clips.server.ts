/**
 * Clips mode of a multi-photo video: one clip per angle from a video model, inside the worker job.
 * Each angle runs the priced model first, then the image_to_video chain's models that cost no
 * more (a fallback never charges more than the merchant approved), passing over models whose
 * breaker is open or that are at their concurrency limit. Every try is an attempt on the
 * generation (model, fitted duration, provider job, outcome), recorded before the provider is
 * called, so the Jobs page shows what ran and a re-run of the job resumes the same provider job
 * instead of paying for a second one. A clip must download, decode, show a real picture and keep
 * the product of its photo (the fidelity check, for models that promise it).
 */
import { DownloadError, safeDownload } from "../media/safe-download";
import { OutputRejected } from "../media/rejection";
import { validateOutput } from "../media/validate";
import { coveringDuration } from "../providers/registry/durations";
import { mapGenerationInput, providerModelRef, type ModelEntry } from "../providers/registry/index";
import { ProviderError, type ProviderJob } from "../providers/types";
import { parseAttempts, type AttemptRecord } from "../engine/attempts";
import { modelHealth, type EngineContext } from "../engine/context";
import { withGenerationLock } from "../engine/lock.server";
import { failureMessage } from "../engine/messages";
import { asProviderError } from "../engine/outcomes.server";
import { reviewVideoFrames } from "./frame-review.server";
import { withMotion } from "./motion-presets";
import { ClipModelsBusyError, MultiPhotoFailure, MultiPhotoStopped } from "./multi-photo-errors";
import type { MultiPhotoSpec } from "./multi-photo-spec";

const MAX_CLIP_BYTES = 300 * 1024 * 1024;

export interface ClipRequest {
  generationId: string;
  spec: MultiPhotoSpec;
  aspectRatio: string;
  /** 0-based angle. */
  index: number;
  /** URL the provider fetches the angle's photo from. */
  imageUrl: string;
  /** The angle's photo: a clip must keep its product (fidelity on sampled frames, as in the engine). */
  original: Buffer;
  signal: AbortSignal;
}

/** The priced model, then the chain's image-to-video models that cost no more. */
export function clipCandidates(ctx: Pick<EngineContext, "registry">, clipModelId: string): ModelEntry[] {
  const priced = ctx.registry.get(clipModelId);
  const rest = ctx.registry.chain("image_to_video").filter((m) => m.id !== priced.id && m.credits <= priced.credits);
  return [priced, ...rest];
}

export async function makeClip(ctx: EngineContext, request: ClipRequest): Promise<Buffer> {
  const { spec, index, generationId } = request;
  const segment = index + 1;
  const health = modelHealth(ctx);
  const slot = `${generationId}.clip${segment}`;
  let busy = false;
  for (const model of clipCandidates(ctx, spec.clipModelId!)) {
    const earlier = await earlierAttempt(ctx, generationId, segment, model.id);
    if (earlier && (earlier.outcome === "failed" || earlier.outcome === "rejected")) continue; // tried in an earlier run
    // A new try respects the model's breaker and concurrency like the engine; a resumed one runs on.
    if (!earlier && !(await health.admit(model.id))) continue;
    if (!earlier && !(await health.acquireSlot(model.id, slot, model.maxConcurrency, model.timeoutMs))) {
      busy = true;
      continue;
    }
    const attempt = earlier ?? (await beginAttempt(ctx, request, model));
    const startedAt = Date.now();
    try {
      const clip = await runAttempt(ctx, request, model, attempt);
      await health.record(model.id, { ok: true, latencyMs: Date.now() - startedAt });
      return clip;
    } catch (error) {
      if (error instanceof MultiPhotoStopped || request.signal.aborted) throw error;
      const rejected = error instanceof OutputRejected || error instanceof DownloadError;
      const providerError = rejected ? undefined : asProviderError(error);
      const code = error instanceof OutputRejected ? `output_invalid:${error.code}` : error instanceof DownloadError ? `output_invalid:download_${error.code}` : providerError!.code;
      await finishAttempt(ctx, generationId, attempt.n, {
        outcome: rejected ? "rejected" : "failed",
        errorCode: code,
        errorMessage: (error as Error).message.slice(0, 500),
        fidelityScore: error instanceof OutputRejected ? error.fidelityScore : undefined,
      });
      // content_policy and invalid_input: another model would be asked the same thing (as in the engine), and it is not the model's fault.
      if (providerError && !providerError.shouldFallback) throw new MultiPhotoFailure(providerError.code, failureMessage(providerError.code));
      await health.record(model.id, { ok: false, latencyMs: Date.now() - startedAt });
      ctx.log.info({ generationId, segment, modelId: model.id, code }, "multi-photo clip failed, trying the next model");
    } finally {
      await health.releaseSlot(model.id, slot);
    }
  }
  // Models at capacity free up: the job retries later (and on its last try fails with the credits back).
  if (busy) throw new ClipModelsBusyError();
  throw new MultiPhotoFailure("clip_failed", `No video model could animate photo ${segment}. No credits were used; try stills instead, or other photos.`);
}

async function earlierAttempt(ctx: EngineContext, generationId: string, segment: number, modelId: string): Promise<AttemptRecord | undefined> {
  const generation = await ctx.db.generation.findUnique({ where: { id: generationId }, select: { status: true, attempts: true } });
  if (generation?.status !== "generating") throw new MultiPhotoStopped();
  return parseAttempts(generation.attempts).find((a) => a.segment === segment && a.modelId === modelId);
}

/** Records this angle's new attempt with this model, before the provider is called. */
async function beginAttempt(ctx: EngineContext, request: ClipRequest, model: ModelEntry): Promise<AttemptRecord> {
  const recorded = await withGenerationLock(ctx.db, request.generationId, async (tx, generation) => {
    if (generation.status !== "generating") throw new MultiPhotoStopped();
    const attempts = parseAttempts(generation.attempts);
    const record: AttemptRecord = {
      n: attempts.length + 1,
      segment: request.index + 1,
      modelId: model.id,
      provider: model.provider,
      outcome: "running",
      durationSeconds: coveringDuration(model, request.spec.segmentSeconds),
      startedAt: new Date().toISOString(),
    };
    await tx.generation.update({ where: { id: generation.id }, data: { attempts: [...attempts, record], modelId: model.id, provider: model.provider } });
    return record;
  });
  if (!recorded) throw new MultiPhotoStopped();
  return recorded;
}

async function runAttempt(ctx: EngineContext, request: ClipRequest, model: ModelEntry, attempt: AttemptRecord): Promise<Buffer> {
  const { generationId, spec, signal } = request;
  let job: ProviderJob;
  if (attempt.providerJobId) {
    job = await ctx.providers[model.provider].get(attempt.providerJobId, providerModelRef(model), signal);
  } else {
    job = await ctx.providers[model.provider].start({
      modelId: model.id,
      modelRef: providerModelRef(model),
      input: mapGenerationInput(model, {
        prompt: withMotion(`${spec.productTitle}: the product in this photo, brought gently to life, unchanged in shape, colour and label.`, spec.motionPreset),
        imageUrls: [request.imageUrl],
        aspectRatio: request.aspectRatio,
        durationSeconds: attempt.durationSeconds,
      }),
      idempotencyKey: `${generationId}.clip${attempt.segment}.${model.id}`,
      signal,
    });
    await updateAttempt(ctx, generationId, attempt.n, { providerJobId: job.jobId });
  }
  job = await waitForJob(ctx, model, job, generationId, signal);
  if (job.state !== "succeeded") throw job.error ?? new ProviderError("unknown", `The video model reported the clip ${job.state}`, { provider: model.provider });
  if (!job.outputUrls?.length) throw new OutputRejected("corrupt", "The video model returned no file");

  const downloaded = await safeDownload(job.outputUrls[0], { allowOrigins: ctx.engine.allowOrigins, maxBytes: MAX_CLIP_BYTES, timeoutMs: 120_000, signal });
  const tools = { ffprobePath: ctx.engine.ffprobePath, ffmpegPath: ctx.engine.ffmpegPath };
  const validated = await validateOutput(downloaded.bytes, {
    kind: "video",
    declaredContentType: downloaded.contentType,
    nsfw: job.flags?.nsfw,
    durationSeconds: attempt.durationSeconds,
    maxBytes: MAX_CLIP_BYTES,
    videoTools: tools,
  });
  const frames = await reviewVideoFrames(downloaded.bytes, {
    durationMs: validated.durationMs ?? 0,
    original: model.checkFidelity ? request.original : undefined,
    fidelityThreshold: ctx.engine.fidelityThreshold,
    judge: ctx.engine.judge,
    tools,
  });
  if (attempt.outcome !== "succeeded") {
    const cost = job.costMicroUsd ?? model.usdCostMicro;
    await finishAttempt(ctx, generationId, attempt.n, { outcome: "succeeded", costMicroUsd: cost, fidelityScore: frames.fidelityScore }, cost);
  }
  return downloaded.bytes;
}

/** Polls the provider job (backing off like the engine's polls) until it ends or the model's timeout passes. */
async function waitForJob(ctx: EngineContext, model: ModelEntry, job: ProviderJob, generationId: string, signal: AbortSignal): Promise<ProviderJob> {
  const deadline = Date.now() + model.timeoutMs;
  let delay = Math.min(model.typicalLatencyMs, ctx.engine.pollFirstMs);
  while (job.state === "queued" || job.state === "running") {
    if (Date.now() > deadline) {
      await ctx.providers[model.provider].cancel(job.jobId, providerModelRef(model)).catch(() => undefined);
      throw new ProviderError("timeout", "The video model took too long", { provider: model.provider });
    }
    await sleep(delay, signal);
    const current = await ctx.db.generation.findUnique({ where: { id: generationId }, select: { status: true } });
    if (current?.status !== "generating") throw new MultiPhotoStopped();
    job = await ctx.providers[model.provider].get(job.jobId, providerModelRef(model), signal);
    delay = Math.min(ctx.engine.pollMaxMs, Math.round(delay * 1.5));
  }
  return job;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });
}

async function updateAttempt(ctx: EngineContext, generationId: string, n: number, patch: Partial<AttemptRecord>, costMicroUsd = 0): Promise<void> {
  await withGenerationLock(ctx.db, generationId, async (tx, generation) => {
    const attempts = parseAttempts(generation.attempts).map((a) => (a.n === n ? { ...a, ...patch } : a));
    await tx.generation.update({ where: { id: generationId }, data: { attempts, ...(costMicroUsd ? { costMicroUsd: { increment: costMicroUsd } } : {}) } });
  });
}

async function finishAttempt(ctx: EngineContext, generationId: string, n: number, patch: Partial<AttemptRecord>, costMicroUsd = 0): Promise<void> {
  await updateAttempt(ctx, generationId, n, { ...patch, finishedAt: new Date().toISOString() }, costMicroUsd);
}
