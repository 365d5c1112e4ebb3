/**
 * The single completion of a provider attempt. A webhook, a poll and a synchronous start result
 * may all report the same finished job, in any order and more than once; under the generation's
 * row lock only the first report for attempt n that still finds it running moves it on (to
 * validation, or to failure handling). Later reports find it no longer running and do nothing.
 */
import { ProviderError, type ProviderJob } from "../providers/types";
import { currentAttempt, parseAttempts, updateAttempt, type AttemptRecord } from "./attempts";
import type { EngineContext } from "./context";
import { enqueueValidate } from "./jobs";
import { withGenerationLock } from "./lock.server";
import { failAttempt } from "./outcomes.server";

export type CompletionResult = "completed" | "failed" | "duplicate" | "not_finished";

export interface CompletionReport {
  generationId: string;
  attempt: number;
  job: ProviderJob;
  via: NonNullable<AttemptRecord["completedVia"]>;
}

export async function completeAttempt(ctx: EngineContext, report: CompletionReport): Promise<CompletionResult> {
  const { generationId, attempt: n, job, via } = report;
  if (job.state !== "succeeded" && job.state !== "failed" && job.state !== "cancelled") return "not_finished";
  const claimed = await withGenerationLock(ctx.db, generationId, async (tx, generation) => {
    const attempts = parseAttempts(generation.attempts);
    const current = currentAttempt(attempts);
    if (isUnhandedSuccess(generation.status, current, n, job)) {
      // An earlier report committed "validating" and was cut off (worker killed, Redis restarting)
      // before it enqueued validation: hand over again. Same job id, so a no-op when it exists.
      const shop = await tx.shop.findUniqueOrThrow({ where: { id: generation.shopId }, select: { domain: true } });
      return { shop: shop.domain, replay: true };
    }
    if (generation.status !== "generating" || current?.n !== n || current.outcome !== "running") return undefined;
    // A job id from another attempt (or a forged query string) must not finish this one.
    if (current.providerJobId && current.providerJobId !== job.jobId) return undefined;
    const model = ctx.registry.find(current.modelId);
    const cost = job.costMicroUsd ?? model?.usdCostMicro ?? 0;
    const patch: Partial<AttemptRecord> = {
      providerJobId: job.jobId,
      completedVia: via,
      providerDoneAt: new Date().toISOString(),
      costMicroUsd: cost,
    };
    if (job.state === "succeeded") {
      await tx.generation.update({
        where: { id: generationId },
        data: {
          status: "validating",
          providerJobId: job.jobId,
          costMicroUsd: { increment: cost },
          attempts: updateAttempt(attempts, n, { ...patch, outcome: "validating" }),
        },
      });
    } else {
      // Failed jobs may still be billed by the provider; keep the figure but leave failure handling to failAttempt.
      await tx.generation.update({
        where: { id: generationId },
        data: { providerJobId: job.jobId, attempts: updateAttempt(attempts, n, patch) },
      });
    }
    const shop = await tx.shop.findUniqueOrThrow({ where: { id: generation.shopId }, select: { domain: true } });
    return { shop: shop.domain, replay: false };
  });
  if (!claimed) return "duplicate";
  if (job.state === "succeeded") {
    await enqueueValidate(ctx, { shop: claimed.shop, generationId, attempt: n, outputUrls: job.outputUrls ?? [], nsfw: job.flags?.nsfw });
    if (claimed.replay) return "duplicate";
    ctx.log.info({ generationId, attempt: n, via }, "provider job succeeded");
    return "completed";
  }
  const error = job.error ?? new ProviderError(job.state === "cancelled" ? "cancelled" : "unknown", `Provider reported the job ${job.state}`);
  await failAttempt(ctx, generationId, n, error, { outcome: "failed" }, "generating");
  return "failed";
}

/** Attempt n's success was committed (validating) by this very provider job, and validation has not finished. */
function isUnhandedSuccess(status: string, current: AttemptRecord | undefined, n: number, job: ProviderJob): boolean {
  return job.state === "succeeded" && status === "validating" && current?.n === n && current.outcome === "validating" && current.providerJobId === job.jobId;
}
