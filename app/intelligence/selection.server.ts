/**
 * Automatic choice of model and prompt version for one generation.
 *
 * 1. Manual: a preferred model that can do the capability is used as is (power users).
 * 2. Rules: until a (category, style) has MIN_VERDICTS recorded verdicts, the top of the
 *    rule-based ranking (category strengths, budget preference, cost, health) with the newest
 *    active prompt version.
 * 3. Learned: Thompson sampling over (model, active prompt version) arms. Each arm draws an
 *    approval rate from Beta(1 + approvals + prior, 1 + rejections + regenerations) and is valued
 *    at rate / credits^k, k set by the budget preference (economy 1, balanced ½, premium 0), so
 *    "approval per credit" weighs as much as the merchant wants cost to. With probability
 *    EXPLORATION_FLOOR a uniformly random arm runs instead, so a model that had bad luck early
 *    is still tried now and then.
 */
import type { Registry } from "../providers/registry";
import type { Capability } from "../providers/types";
import type { ProductCategory, ShotStyle } from "./analysis-schema";
import { armKey, type VerdictCounts } from "./approval-learning.server";
import type { BudgetPreference } from "./intelligence-settings";
import { rankModels } from "./model-ranking";
import { activeVersions, templateFamilyFor } from "./prompts";
import { sampleBeta, type UniformRandom } from "./thompson";

export const MIN_VERDICTS = 20;
export const EXPLORATION_FLOOR = 0.1;
/** Pseudo-approvals given to the rule-based favourite: rules still count while data is thin. */
const RULE_PRIOR = 2;
const COST_EXPONENT: Record<BudgetPreference, number> = { economy: 1, balanced: 0.5, premium: 0 };

export type SelectionStrategy = "manual" | "rules" | "learned" | "exploration";

export interface SelectionRequest {
  registry: Registry;
  category: ProductCategory;
  style: ShotStyle;
  capability: Capability;
  budget: BudgetPreference;
  preferredModelId?: string;
  /** Model ids whose circuit breaker is open. */
  unavailable: ReadonlySet<string>;
  /** Credits reserved for the generation, when already reserved. */
  maxCredits?: number;
  /** Pooled verdicts for this category and style, keyed by armKey(model, prompt version). */
  verdicts: ReadonlyMap<string, VerdictCounts>;
  random: UniformRandom;
}

export interface ModelChoice {
  /** Undefined when no candidate is healthy and affordable: the engine's fallback chain decides. */
  modelId?: string;
  promptVersion: string;
  strategy: SelectionStrategy;
  /** Short, merchant-readable. */
  reason: string;
}

export function selectModel(request: SelectionRequest): ModelChoice {
  const family = templateFamilyFor(request.style, request.capability);
  const versions = activeVersions(family).map((v) => v.version);
  const newestVersion = versions[versions.length - 1];

  const preferred = request.preferredModelId ? request.registry.find(request.preferredModelId) : undefined;
  if (preferred?.capabilities.includes(request.capability)) {
    return { modelId: preferred.id, promptVersion: newestVersion, strategy: "manual", reason: "chosen by the merchant" };
  }

  const ranked = rankModels(request);
  if (!ranked.length) {
    return { promptVersion: newestVersion, strategy: "rules", reason: "no healthy model within the reserved credits" };
  }
  const favourite = ranked[0];

  const arms = ranked.flatMap((ranking, rank) =>
    versions.map((promptVersion) => ({ ranking, rank, promptVersion, counts: request.verdicts.get(armKey(ranking.model.id, promptVersion)) })),
  );
  const verdictTotal = arms.reduce((n, arm) => n + total(arm.counts), 0);
  if (verdictTotal < MIN_VERDICTS) {
    return { modelId: favourite.model.id, promptVersion: newestVersion, strategy: "rules", reason: favourite.reason };
  }

  if (request.random() < EXPLORATION_FLOOR) {
    const arm = arms[Math.floor(request.random() * arms.length)];
    return { modelId: arm.ranking.model.id, promptVersion: arm.promptVersion, strategy: "exploration", reason: "trying an alternative to keep learning" };
  }

  const exponent = COST_EXPONENT[request.budget];
  let best = arms[0];
  let bestValue = -Infinity;
  for (const arm of arms) {
    const counts = arm.counts ?? { approved: 0, rejected: 0, regenerated: 0 };
    const prior = arm.rank === 0 && arm.promptVersion === newestVersion ? RULE_PRIOR : 0;
    const rate = sampleBeta(1 + counts.approved + prior, 1 + counts.rejected + counts.regenerated, request.random);
    const value = rate / Math.pow(arm.ranking.model.credits, exponent);
    if (value > bestValue) {
      best = arm;
      bestValue = value;
    }
  }
  const counts = best.counts;
  const reason = counts?.approved
    ? `best approval rate per credit so far (${counts.approved}/${total(counts)} approved); ${best.ranking.model.credits} credits`
    : best.ranking.reason;
  return { modelId: best.ranking.model.id, promptVersion: best.promptVersion, strategy: "learned", reason };
}

function total(counts: VerdictCounts | undefined): number {
  return counts ? counts.approved + counts.rejected + counts.regenerated : 0;
}
