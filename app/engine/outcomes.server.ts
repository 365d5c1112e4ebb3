/**
 * What happens after an attempt fails or its output is rejected: record it, count it against the
 * model's health, then either fall back to the next model (errors another model may not hit) or
 * fail the generation with a plain reason and release the reserved credits. content_policy and
 * invalid_input never fall back: another model would be asked the same thing.
 */
import type { Generation } from "@prisma/client";
import { releaseCredits } from "../billing/ledger.server";
import { ProviderError } from "../providers/types";
import { currentAttempt, parseAttempts, updateAttempt, type AttemptOutcome, type AttemptRecord } from "./attempts";
import { modelHealth, type EngineContext } from "./context";
import { enqueueGenerate } from "./jobs";
import { withGenerationLock, type Tx } from "./lock.server";
import { failureMessage } from "./messages";

/** Codes that say nothing about the model's health (the request itself was refused). */
const NOT_THE_MODELS_FAULT = new Set(["content_policy", "invalid_input", "cancelled"]);

export interface FailureDetails {
  outcome: Extract<AttemptOutcome, "failed" | "rejected">;
  fidelityScore?: number;
  /** Finer reason (e.g. the validation rejection code). */
  detail?: string;
}

type Next = { kind: "fallback"; attempt: number } | { kind: "failed" };

/** Ends attempt `n` with `error` (under the row lock) and moves the generation on. */
export async function failAttempt(
  ctx: EngineContext,
  generationId: string,
  n: number,
  error: ProviderError,
  details: FailureDetails,
  expectedStatus: Generation["status"],
): Promise<void> {
  const result = await withGenerationLock(ctx.db, generationId, async (tx, generation) => {
    const attempts = parseAttempts(generation.attempts);
    const current = currentAttempt(attempts);
    if (generation.status !== expectedStatus || current?.n !== n || !["running", "validating"].includes(current.outcome)) return undefined;
    const finishedAt = new Date();
    const updated = updateAttempt(attempts, n, {
      outcome: details.outcome,
      errorCode: details.detail ? `${error.code}:${details.detail}` : error.code,
      errorMessage: error.message.slice(0, 500),
      fidelityScore: details.fidelityScore,
      finishedAt: finishedAt.toISOString(),
      latencyMs: finishedAt.getTime() - Date.parse(current.startedAt),
    });
    const next: Next = error.shouldFallback ? { kind: "fallback", attempt: n + 1 } : { kind: "failed" };
    if (next.kind === "fallback") {
      await tx.generation.update({ where: { id: generationId }, data: { status: "generating", attempts: updated, providerJobId: null } });
    } else {
      await markFailed(tx, generation, error.code, updated);
    }
    return { next, modelId: current.modelId, latencyMs: finishedAt.getTime() - Date.parse(current.startedAt), shop: generation.shopId, generation };
  });
  if (!result) return;
  const health = modelHealth(ctx);
  await health.releaseSlot(result.modelId, `${generationId}.${n}`);
  if (!NOT_THE_MODELS_FAULT.has(error.code)) await health.record(result.modelId, { ok: false, latencyMs: result.latencyMs });
  ctx.log.info({ generationId, attempt: n, modelId: result.modelId, code: error.code, next: result.next.kind }, "attempt failed");
  if (result.next.kind === "fallback") {
    await enqueueGenerate(ctx, { shop: await shopDomain(ctx, result.generation), generationId, attempt: result.next.attempt });
  } else {
    await releaseReservation(ctx, result.generation, error.code);
  }
}

/** Sets the generation failed with a merchant-readable reason (inside the caller's lock). */
export async function markFailed(tx: Tx, generation: Generation, code: string, attempts?: AttemptRecord[]): Promise<void> {
  await tx.generation.update({
    where: { id: generation.id },
    data: {
      status: "failed",
      errorCode: code,
      errorMessage: failureMessage(code),
      completedAt: new Date(),
      providerJobId: null,
      ...(attempts ? { attempts } : {}),
    },
  });
}

/** Returns the open reservation of a generation that will not deliver. Idempotent per generation. */
export async function releaseReservation(ctx: Pick<EngineContext, "db">, generation: Pick<Generation, "id" | "shopId">, reason: string): Promise<void> {
  await releaseCredits(ctx.db, {
    shopId: generation.shopId,
    generationId: generation.id,
    idempotencyKey: `${generation.id}.release`,
    reason,
  });
}

export async function shopDomain(ctx: Pick<EngineContext, "db">, generation: Pick<Generation, "shopId">): Promise<string> {
  const shop = await ctx.db.shop.findUniqueOrThrow({ where: { id: generation.shopId }, select: { domain: true } });
  return shop.domain;
}

/** Wraps anything thrown by a provider call into the taxonomy. */
export function asProviderError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  return new ProviderError("unknown", error instanceof Error ? error.message : String(error), { cause: error });
}
