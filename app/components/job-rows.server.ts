/**
 * A generation as a row of the Jobs page: which model made it, which fallbacks were taken and
 * why, how long it took, what it cost, and the plain-language error. Read from the Generation row
 * and its attempts history; nothing here changes state.
 */
import type { Generation, GenerationStatus } from "@prisma/client";
import { parseAttempts } from "../engine/attempts";
import { defaultRegistry } from "../providers/registry";
import { readProgress, type GenerationProgress } from "../video/multi-photo-spec";

export interface JobRow {
  id: string;
  status: GenerationStatus;
  style: string;
  productTitle: string;
  productGid: string;
  batchId: string | null;
  modelName: string | null;
  /** Models tried before the one that ran last ("Flux Kontext Pro (timed out)"). */
  fallbacks: string[];
  durationMs: number | null;
  credits: number;
  /** True when `credits` are held, not yet charged. */
  creditsHeld: boolean;
  /** Stage and percentage of work rendered in the worker (multi-photo video), while it runs. */
  progress: GenerationProgress | null;
  error: string | null;
  createdAt: string;
}

const SKIP_REASONS: Record<string, string> = {
  breaker_open: "unavailable",
  over_budget: "over budget",
  at_capacity: "busy",
};

/** Statuses whose held credits went back to the balance. */
const RELEASED: GenerationStatus[] = ["failed", "cancelled", "rejected"];

/** A multi-photo video made from stills runs no AI model. */
const STILLS_LABEL = "No AI model (your photos, gently zoomed)";
function stillsOnly(options: unknown): boolean {
  return (options as { multiPhoto?: { mode?: string } } | null)?.multiPhoto?.mode === "stills";
}

function modelName(modelId: string): string {
  return defaultRegistry().find(modelId)?.displayName ?? modelId;
}

export function toJobRow(
  generation: Pick<
    Generation,
    "id" | "status" | "style" | "batchId" | "modelId" | "attempts" | "startedAt" | "completedAt" | "createdAt" | "creditsReserved" | "creditsCharged" | "errorMessage" | "progress"
  > & { options?: Generation["options"]; product: { title: string; shopifyId: string } },
  now = Date.now(),
): JobRow {
  const attempts = parseAttempts(generation.attempts);
  const real = attempts.filter((a) => a.outcome !== "skipped");
  const last = real.at(-1);
  // A multi-photo video's earlier clips succeeded: they are work done, not fallbacks.
  const fallbacks = attempts
    .filter((a) => a !== last && a.outcome !== "succeeded")
    .map((a) =>
      a.outcome === "skipped"
        ? `${modelName(a.modelId)} (${SKIP_REASONS[a.skipReason ?? ""] ?? "skipped"})`
        : `${modelName(a.modelId)} (${a.outcome === "rejected" ? "result not good enough" : a.errorCode?.replaceAll("_", " ") || a.outcome})`,
    );
  const start = generation.startedAt ?? generation.createdAt;
  const end = generation.completedAt?.getTime() ?? (["failed", "cancelled"].includes(generation.status) ? null : now);
  const charged = generation.creditsCharged > 0;
  return {
    id: generation.id,
    status: generation.status,
    style: generation.style,
    productTitle: generation.product.title,
    productGid: generation.product.shopifyId,
    batchId: generation.batchId,
    modelName: last ? modelName(last.modelId) : generation.modelId ? modelName(generation.modelId) : stillsOnly(generation.options) ? STILLS_LABEL : null,
    fallbacks,
    durationMs: end === null ? null : Math.max(0, end - start.getTime()),
    credits: charged ? generation.creditsCharged : RELEASED.includes(generation.status) ? 0 : generation.creditsReserved,
    creditsHeld: !charged && ["pending", "analysing", "generating", "validating", "ready_for_review", "publishing"].includes(generation.status),
    progress: ["pending", "analysing", "generating", "validating"].includes(generation.status) ? readProgress(generation.progress) : null,
    error: generation.status === "failed" ? (generation.errorMessage ?? "Something went wrong. No credits were used.") : null,
    createdAt: generation.createdAt.toISOString(),
  };
}

export const JOB_ROW_SELECT = {
  id: true,
  status: true,
  style: true,
  batchId: true,
  modelId: true,
  attempts: true,
  startedAt: true,
  completedAt: true,
  createdAt: true,
  creditsReserved: true,
  creditsCharged: true,
  errorMessage: true,
  progress: true,
  options: true,
  product: { select: { title: true, shopifyId: true } },
} as const;
