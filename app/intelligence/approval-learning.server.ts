/**
 * Learning from merchants' verdicts. Every approve / reject / regenerate of a generated result is
 * recorded against what automatic selection chose (category, style, model, prompt version).
 * Selection reads the pooled counts: they carry no product or shop content, only which
 * combination merchants liked, so pooling across shops shares no shop's data.
 */
import type { SelectionVerdict } from "@prisma/client";
import type { Db } from "../db.server";
import type { Registry } from "../providers/registry";
import { storedAnalysisSchema, type ProductCategory } from "./analysis-schema";

export type { SelectionVerdict } from "@prisma/client";

export interface VerdictRequest {
  shopId: string;
  generationId: string;
  verdict: SelectionVerdict;
}

/**
 * Records a verdict on a generation of this shop. Idempotent per (generation, verdict). Returns
 * false when there is nothing to learn from (unknown generation, no model or prompt version).
 */
export async function recordVerdict(db: Db, registry: Registry, request: VerdictRequest): Promise<boolean> {
  const generation = await db.generation.findFirst({
    where: { id: request.generationId, shopId: request.shopId },
    select: { id: true, style: true, modelId: true, promptVersion: true, product: { select: { analysis: true } } },
  });
  if (!generation?.modelId || !generation.promptVersion) return false;
  const analysis = storedAnalysisSchema.safeParse(generation.product.analysis);
  const category: ProductCategory = analysis.success ? analysis.data.category : "other";
  await db.selectionFeedback.createMany({
    data: [
      {
        shopId: request.shopId,
        generationId: generation.id,
        category,
        style: generation.style,
        modelId: generation.modelId,
        promptVersion: generation.promptVersion,
        verdict: request.verdict,
        credits: registry.find(generation.modelId)?.credits ?? 1,
      },
    ],
    skipDuplicates: true,
  });
  return true;
}

export interface VerdictCounts {
  approved: number;
  rejected: number;
  regenerated: number;
}

/** Verdict counts per `${modelId} ${promptVersion}` for one category and style, pooled over shops. */
export async function armVerdicts(db: Db, category: ProductCategory, style: string): Promise<Map<string, VerdictCounts>> {
  const groups = await db.selectionFeedback.groupBy({
    by: ["modelId", "promptVersion", "verdict"],
    where: { category, style },
    _count: { _all: true },
  });
  const arms = new Map<string, VerdictCounts>();
  for (const group of groups) {
    const key = armKey(group.modelId, group.promptVersion);
    const counts = arms.get(key) ?? { approved: 0, rejected: 0, regenerated: 0 };
    counts[group.verdict] += group._count._all;
    arms.set(key, counts);
  }
  return arms;
}

export function armKey(modelId: string, promptVersion: string): string {
  return `${modelId} ${promptVersion}`;
}

export interface ApprovalRow {
  category: string;
  style: string;
  modelId: string;
  promptVersion: string;
  approved: number;
  rejected: number;
  regenerated: number;
  total: number;
  /** approved / total, in per-mille (integer, like all figures the admin shows). */
  approvalPerMille: number;
  /** Average credits per verdict. */
  credits: number;
  /** Approvals per 100 credits spent: the figure selection optimises. */
  approvalsPer100Credits: number;
}

/**
 * The learning table for the admin: one row per (category, style, model, prompt version), best
 * approval per credit first within each category and style. `shopId` limits it to one shop.
 */
export async function approvalTable(db: Db, filter: { shopId?: string } = {}): Promise<ApprovalRow[]> {
  const groups = await db.selectionFeedback.groupBy({
    by: ["category", "style", "modelId", "promptVersion", "verdict"],
    where: filter.shopId ? { shopId: filter.shopId } : {},
    _count: { _all: true },
    _sum: { credits: true },
  });
  const rows = new Map<string, ApprovalRow & { creditSum: number }>();
  for (const group of groups) {
    const key = [group.category, group.style, group.modelId, group.promptVersion].join(" ");
    const row = rows.get(key) ?? {
      category: group.category,
      style: group.style,
      modelId: group.modelId,
      promptVersion: group.promptVersion,
      approved: 0,
      rejected: 0,
      regenerated: 0,
      total: 0,
      approvalPerMille: 0,
      credits: 0,
      approvalsPer100Credits: 0,
      creditSum: 0,
    };
    row[group.verdict] += group._count._all;
    row.total += group._count._all;
    row.creditSum += group._sum.credits ?? 0;
    rows.set(key, row);
  }
  return [...rows.values()]
    .map(({ creditSum, ...row }) => ({
      ...row,
      approvalPerMille: Math.round((1000 * row.approved) / row.total),
      credits: Math.round(creditSum / row.total),
      approvalsPer100Credits: creditSum ? Math.round((100 * row.approved) / creditSum) : 0,
    }))
    .sort(
      (a, b) =>
        a.category.localeCompare(b.category) ||
        a.style.localeCompare(b.style) ||
        b.approvalsPer100Credits - a.approvalsPer100Credits,
    );
}
