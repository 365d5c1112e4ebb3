/**
 * Which model runs next for a generation: the merchant's (or planner's) preferred model first,
 * then the capability's chain in order, passing over models already tried, models whose breaker
 * is open, models at their concurrency limit, and models that would cost more credits than were
 * reserved (a fallback never charges more than the merchant approved).
 */
import type { ModelEntry, Registry } from "../providers/registry/index";
import type { Capability } from "../providers/types";
import type { ModelHealth } from "./health";

export interface RouteRequest {
  capability: Capability;
  preferredModelId?: string;
  triedModelIds: readonly string[];
  creditsReserved: number;
  /** Slot holder for concurrency (generation id + attempt). */
  slotToken: string;
}

export interface Skip {
  modelId: string;
  provider: string;
  reason: "breaker_open" | "over_budget" | "at_capacity";
}

export interface Route {
  model?: ModelEntry;
  skipped: Skip[];
}

export function candidateModels(registry: Registry, capability: Capability, preferredModelId?: string): ModelEntry[] {
  const chain = registry.chain(capability);
  const preferred = preferredModelId ? registry.find(preferredModelId) : undefined;
  if (!preferred || !preferred.capabilities.includes(capability)) return [...chain];
  return [preferred, ...chain.filter((m) => m.id !== preferred.id)];
}

export async function chooseModel(registry: Registry, health: ModelHealth, request: RouteRequest): Promise<Route> {
  const skipped: Skip[] = [];
  for (const model of candidateModels(registry, request.capability, request.preferredModelId)) {
    if (request.triedModelIds.includes(model.id)) continue;
    const skip = (reason: Skip["reason"]) => skipped.push({ modelId: model.id, provider: model.provider, reason });
    if (model.credits > request.creditsReserved) {
      skip("over_budget");
      continue;
    }
    if (!(await health.admit(model.id))) {
      skip("breaker_open");
      continue;
    }
    if (!(await health.acquireSlot(model.id, request.slotToken, model.maxConcurrency, model.timeoutMs))) {
      skip("at_capacity");
      continue;
    }
    return { model, skipped };
  }
  return { skipped };
}
