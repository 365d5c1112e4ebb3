/**
 * Recovery of generations that stopped moving: a worker died between persisting a step and
 * enqueueing the next, a job exhausted its retries, or a poll chain was lost. Every pipeline step
 * is replay-safe, so recovery re-drives the step the generation is in, under job ids marked with
 * the sweep's time bucket (the original ids may still be held by finished jobs). A running
 * attempt gets a single status check per sweep (no new poll chain), which also enforces the
 * model's timeout. A generation stuck for longer than GIVE_UP_MS is failed with a plain reason
 * and its credits released, before the billing sweep would release them behind its back.
 */
import { jobId, QUEUE } from "../jobs/queues";
import { providerModelRef } from "../providers/registry/index";
import { currentAttempt, parseAttempts } from "./attempts";
import type { EngineContext } from "./context";
import { PIPELINE_JOB } from "./jobs";
import { withGenerationLock } from "./lock.server";
import { STALLED } from "./messages";
import { releaseReservation } from "./outcomes.server";
import { pollAttempt } from "./poll.server";
import { MULTI_PHOTO_CAPABILITY } from "../video/multi-photo-spec";

export const STALL_MS = 10 * 60_000;
export const GIVE_UP_MS = 90 * 60_000;

export interface RecoveryResult {
  redriven: string[];
  failed: string[];
}

export async function recoverStalledGenerations(
  ctx: EngineContext,
  options: { now?: Date; stallMs?: number; giveUpMs?: number; limit?: number; signal?: AbortSignal } = {},
): Promise<RecoveryResult> {
  const now = options.now ?? new Date();
  const stallMs = options.stallMs ?? STALL_MS;
  const giveUpMs = options.giveUpMs ?? GIVE_UP_MS;
  const signal = options.signal ?? new AbortController().signal;
  const bucket = Math.floor(now.getTime() / stallMs);
  const stalled = await ctx.db.generation.findMany({
    // Multi-photo videos are one worker job, retried and resumed by BullMQ; no pipeline step to re-drive.
    where: {
      status: { in: ["pending", "analysing", "generating", "validating"] },
      capability: { not: MULTI_PHOTO_CAPABILITY },
      updatedAt: { lt: new Date(now.getTime() - stallMs) },
    },
    include: { shop: { select: { domain: true } } },
    orderBy: { updatedAt: "asc" },
    take: options.limit ?? 200,
  });
  const result: RecoveryResult = { redriven: [], failed: [] };
  for (const generation of stalled) {
    const attempts = parseAttempts(generation.attempts);
    const attempt = currentAttempt(attempts);
    const data = { shop: generation.shop.domain, generationId: generation.id };
    const model = attempt ? ctx.registry.find(attempt.modelId) : undefined;
    // A provider job still inside its own timeout is not stuck, only slow.
    const patience = Math.max(giveUpMs, (model?.timeoutMs ?? 0) + stallMs);
    if (now.getTime() - generation.updatedAt.getTime() > patience) {
      const gaveUp = await withGenerationLock(ctx.db, generation.id, async (tx, current) => {
        if (current.status !== generation.status || current.updatedAt.getTime() !== generation.updatedAt.getTime()) return false;
        await tx.generation.update({ where: { id: current.id }, data: { status: "failed", errorCode: "stalled", errorMessage: STALLED, completedAt: now } });
        return true;
      });
      if (gaveUp) {
        if (model && attempt?.providerJobId && attempt.outcome === "running") {
          await ctx.providers[model.provider].cancel(attempt.providerJobId, providerModelRef(model)).catch(() => undefined);
        }
        await releaseReservation(ctx, generation, "stalled");
        result.failed.push(generation.id);
      }
      continue;
    }
    if (generation.status === "pending" || generation.status === "analysing") {
      await ctx.queues[QUEUE.generation].add(PIPELINE_JOB.analyse, data, { jobId: jobId("analyse", generation.id, "recover", bucket) });
    } else if (generation.status === "generating" && attempt?.outcome === "running") {
      await pollAttempt(ctx, generation.id, attempt.n, 0, signal, { reschedule: false });
    } else if (generation.status === "generating") {
      const next = (attempt?.n ?? 0) + 1;
      await ctx.queues[QUEUE.generation].add(PIPELINE_JOB.generate, { ...data, attempt: next }, { jobId: jobId("generate", generation.id, next, "recover", bucket) });
    } else if (generation.status === "validating" && attempt?.outcome === "validating" && model && attempt.providerJobId) {
      // The outputs travelled in the lost validate job's data: ask the provider for them again.
      const job = await ctx.providers[model.provider].get(attempt.providerJobId, providerModelRef(model), signal).catch(() => undefined);
      if (job?.state === "succeeded") {
        await ctx.queues[QUEUE.generation].add(
          PIPELINE_JOB.validate,
          { ...data, attempt: attempt.n, outputUrls: job.outputUrls ?? [], nsfw: job.flags?.nsfw },
          { jobId: jobId("validate", generation.id, attempt.n, "recover", bucket) },
        );
      }
    }
    result.redriven.push(generation.id);
  }
  if (result.redriven.length || result.failed.length) ctx.log.warn(result, "stalled generations recovered");
  return result;
}
