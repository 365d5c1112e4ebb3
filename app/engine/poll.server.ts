/**
 * The polling fallback: a delayed job asks the provider about an attempt whose webhook has not
 * finished it, backing off between rounds, until the job is terminal or the model's timeout has
 * passed (then the provider job is cancelled and the attempt fails as a timeout, which falls back).
 */
import { providerModelRef } from "../providers/registry/index";
import { ProviderError, type ProviderJob } from "../providers/types";
import { currentAttempt, parseAttempts } from "./attempts";
import { completeAttempt } from "./completion.server";
import type { EngineContext } from "./context";
import { schedulePoll } from "./start.server";

const GET_TIMEOUT_MS = 30_000;

export async function pollAttempt(
  ctx: EngineContext,
  generationId: string,
  n: number,
  round: number,
  signal: AbortSignal,
  options: { reschedule?: boolean } = {},
): Promise<void> {
  const reschedule = options.reschedule ?? true;
  const generation = await ctx.db.generation.findUnique({ where: { id: generationId } });
  if (!generation || generation.status !== "generating") return;
  const attempt = currentAttempt(parseAttempts(generation.attempts));
  if (attempt?.n !== n || attempt.outcome !== "running") return;
  const model = ctx.registry.find(attempt.modelId);
  if (!model) return;
  const overdue = Date.now() - Date.parse(attempt.startedAt) > model.timeoutMs;
  const timedOut = (): ProviderJob => ({
    provider: model.provider,
    jobId: attempt.providerJobId ?? "",
    state: "failed",
    error: new ProviderError("timeout", `No result from ${model.id} within ${Math.round(model.timeoutMs / 1000)} s`, { provider: model.provider }),
  });

  if (!attempt.providerJobId) {
    // The start call has not recorded its job yet.
    if (overdue) await completeAttempt(ctx, { generationId, attempt: n, job: timedOut(), via: "poll" });
    else if (reschedule) await schedulePoll(ctx, generationId, n, round + 1, model);
    return;
  }
  const provider = ctx.providers[model.provider];
  let job: ProviderJob | undefined;
  try {
    job = await provider.get(attempt.providerJobId, providerModelRef(model), AbortSignal.any([signal, AbortSignal.timeout(GET_TIMEOUT_MS)]));
  } catch (error) {
    if (signal.aborted) throw error;
    // A failed status check is not a failed job: unless the attempt is overdue, ask again later.
    ctx.log.warn({ generationId, attempt: n, err: error }, "provider status check failed");
  }
  if (job && (job.state === "succeeded" || job.state === "failed" || job.state === "cancelled")) {
    await completeAttempt(ctx, { generationId, attempt: n, job, via: "poll" });
    return;
  }
  if (overdue) {
    await provider.cancel(attempt.providerJobId, providerModelRef(model)).catch((error: unknown) =>
      ctx.log.warn({ generationId, attempt: n, err: error }, "provider cancel after timeout failed"),
    );
    await completeAttempt(ctx, { generationId, attempt: n, job: timedOut(), via: "poll" });
    return;
  }
  if (reschedule) await schedulePoll(ctx, generationId, n, round + 1, model);
}
