/**
 * Starts attempt n of a generation: route to the next healthy, affordable model, persist the
 * attempt before calling the provider (so a crash leaves a trace, and the idempotency key
 * generation.attempt makes a retried start reuse the provider's job), start the provider job with
 * a webhook URL, and schedule the first poll as the fallback for lost webhooks.
 */
import { ProviderError, type Capability, type ProviderName } from "../providers/types";
import { fitDuration } from "../providers/registry/durations";
import { mapGenerationInput, providerModelRef, type ModelEntry } from "../providers/registry/index";
import { currentAttempt, parseAttempts, updateAttempt, type AttemptRecord } from "./attempts";
import { modelHealth, type EngineContext } from "./context";
import { enqueuePoll } from "./jobs";
import { withGenerationLock } from "./lock.server";
import { failureMessage, NO_MODEL_AVAILABLE } from "./messages";
import { readOptions } from "./options";
import { asProviderError, failAttempt, releaseReservation } from "./outcomes.server";
import { completeAttempt } from "./completion.server";
import { chooseModel } from "./routing";
import { withMotion } from "../video/motion-presets";
import { ugcAvatarInput } from "../video/ugc-render.server";

/** Thrown when every remaining model is busy or cooling down: the job retries later. */
export class ModelsBusyError extends Error {
  constructor() {
    super("Every remaining model is at capacity or has an open breaker");
    this.name = "ModelsBusyError";
  }
}

export interface StartOptions {
  signal: AbortSignal;
  /** BullMQ job id, recorded on the attempt. */
  jobId?: string;
  /** Last try of the BullMQ job: fail rather than wait for busy models. */
  finalTry: boolean;
}

export function webhookUrl(ctx: Pick<EngineContext, "engine">, model: ModelEntry, generationId: string, n: number): string {
  const url = new URL(`/webhooks/providers/${model.provider}`, ctx.engine.webhookBaseUrl);
  url.searchParams.set("generation", generationId);
  url.searchParams.set("attempt", String(n));
  return url.toString();
}

export function pollDelay(ctx: Pick<EngineContext, "engine">, model: ModelEntry, round: number): number {
  const first = Math.min(model.typicalLatencyMs, ctx.engine.pollFirstMs);
  return Math.min(ctx.engine.pollMaxMs, Math.round(first * 1.5 ** round));
}

export async function startAttempt(ctx: EngineContext, generationId: string, n: number, options: StartOptions): Promise<void> {
  const health = modelHealth(ctx);
  const decision = await withGenerationLock(ctx.db, generationId, async (tx, generation) => {
    if (generation.status !== "analysing" && generation.status !== "generating") return undefined;
    const attempts = parseAttempts(generation.attempts);
    const previous = currentAttempt(attempts);
    if ((previous?.n ?? 0) !== n - 1) return { kind: "replay" as const, replay: previous?.n === n ? previous : undefined };
    const route = await chooseModel(ctx.registry, health, {
      capability: generation.capability as Capability,
      preferredModelId: readOptions(generation.options).preferredModelId,
      triedModelIds: attempts.filter((a) => a.outcome !== "skipped").map((a) => a.modelId),
      creditsReserved: generation.creditsReserved,
      slotToken: `${generationId}.${n}`,
    });
    const now = new Date().toISOString();
    const skips: AttemptRecord[] = route.skipped.map((s) => ({ n, modelId: s.modelId, provider: s.provider, outcome: "skipped", skipReason: s.reason, startedAt: now }));
    const waitable = route.skipped.some((s) => s.reason !== "over_budget");
    if (!route.model) {
      if (waitable && !options.finalTry) return { kind: "busy" as const };
      const last = previous?.errorCode?.split(":")[0];
      await tx.generation.update({
        where: { id: generationId },
        data: {
          status: "failed",
          attempts: [...attempts, ...skips],
          errorCode: last ?? "no_model_available",
          errorMessage: last ? failureMessage(last) : NO_MODEL_AVAILABLE,
          completedAt: new Date(),
        },
      });
      return { kind: "failed" as const, generation };
    }
    const record: AttemptRecord = {
      n,
      modelId: route.model.id,
      provider: route.model.provider,
      outcome: "running",
      jobId: options.jobId,
      durationSeconds: fitDuration(route.model, readOptions(generation.options).durationSeconds),
      startedAt: now,
    };
    await tx.generation.update({
      where: { id: generationId },
      data: { status: "generating", modelId: route.model.id, provider: route.model.provider, providerJobId: null, attempts: [...attempts, ...skips, record] },
    });
    return { kind: "start" as const, model: route.model, generation };
  });
  if (!decision) return;
  if (decision.kind === "busy") throw new ModelsBusyError();
  if (decision.kind === "failed") {
    await releaseReservation(ctx, decision.generation, "no model available");
    return;
  }
  if (decision.kind === "replay") {
    // This job ran before (crash after the provider call?): make sure polling covers the attempt.
    const replay = decision.replay;
    if (replay?.outcome === "running" && replay.providerJobId) {
      const model = ctx.registry.find(replay.modelId);
      if (model) await schedulePoll(ctx, generationId, n, 0, model);
    } else if (replay?.outcome === "running") {
      // The worker died after recording the attempt and before learning the provider's job id:
      // nothing would ever poll it. Close the attempt as failed so the chain moves on.
      await failAttempt(
        ctx,
        generationId,
        n,
        new ProviderError("provider_unavailable", "The worker stopped while this attempt was starting", { provider: replay.provider as ProviderName }),
        { outcome: "failed" },
        "generating",
      );
    }
    return;
  }

  const { model, generation } = decision;
  const requested = readOptions(generation.options);
  // A presenter video animates the presenter portrait to the voice-over; the product comes in at compose.
  const avatar = requested.ugcScriptId ? await ugcAvatarInput(ctx, requested.ugcScriptId) : undefined;
  const input = mapGenerationInput(model, {
    prompt: withMotion(generation.prompt ?? "", requested.motionPreset),
    negativePrompt: requested.negativePrompt,
    imageUrls: avatar ? [avatar.imageUrl] : requested.sourceImageUrl ? [requested.sourceImageUrl] : [],
    audioUrl: avatar?.audioUrl,
    aspectRatio: requested.aspectRatio,
    width: requested.width,
    height: requested.height,
    durationSeconds: requested.durationSeconds,
    extra: requested.extra,
  });
  let job;
  try {
    job = await ctx.providers[model.provider].start({
      modelId: model.id,
      modelRef: providerModelRef(model),
      input,
      webhookUrl: webhookUrl(ctx, model, generationId, n),
      idempotencyKey: `${generationId}.${n}`,
      signal: options.signal,
    });
  } catch (error) {
    if (options.signal.aborted) throw error; // shutdown: the runtime puts the job back
    await failAttempt(ctx, generationId, n, asProviderError(error), { outcome: "failed" }, "generating");
    return;
  }
  const recorded = await withGenerationLock(ctx.db, generationId, async (tx, current) => {
    const attempts = parseAttempts(current.attempts);
    const attempt = currentAttempt(attempts);
    if (current.status !== "generating" || attempt?.n !== n || attempt.outcome !== "running") return false;
    if (!attempt.providerJobId) {
      await tx.generation.update({
        where: { id: generationId },
        data: { providerJobId: job.jobId, attempts: updateAttempt(attempts, n, { providerJobId: job.jobId }) },
      });
    }
    return true;
  });
  if (!recorded) {
    // Cancelled (or finished by an early webhook) while the start was in flight.
    const after = await ctx.db.generation.findUnique({ where: { id: generationId }, select: { status: true } });
    if (after?.status === "cancelled") await ctx.providers[model.provider].cancel(job.jobId, providerModelRef(model)).catch(() => undefined);
    return;
  }
  ctx.log.info({ generationId, attempt: n, modelId: model.id, providerJobId: job.jobId }, "provider job started");
  if (job.state === "succeeded" || job.state === "failed" || job.state === "cancelled") {
    await completeAttempt(ctx, { generationId, attempt: n, job, via: "start" });
  } else {
    await schedulePoll(ctx, generationId, n, 0, model);
  }
}

export async function schedulePoll(ctx: EngineContext, generationId: string, n: number, round: number, model: ModelEntry): Promise<void> {
  const generation = await ctx.db.generation.findUnique({ where: { id: generationId }, select: { shop: { select: { domain: true } } } });
  if (!generation) return;
  await enqueuePoll(ctx, { shop: generation.shop.domain, generationId, attempt: n, round }, pollDelay(ctx, model, round));
}
