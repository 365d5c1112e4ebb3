/**
 * Fitting a requested video length to what a model accepts (its registry `durations`). The
 * merchant asks for a length once; every model in the chain gets its own nearest allowed value,
 * so a fallback never receives a duration its API refuses.
 *
 * Tie rule: halfway between two allowed lengths, the shorter wins. It is the one closer to what
 * was asked for in cost and never makes the merchant wait for (or watch) more than they chose.
 */
import type { ModelEntry } from "./schema";

export function fitDuration(model: Pick<ModelEntry, "durations">, requestedSeconds: number | undefined): number | undefined {
  if (requestedSeconds === undefined || !model.durations?.length) return undefined;
  let best = model.durations[0];
  for (const allowed of model.durations) {
    // Ascending list: a later value replaces the best only when strictly nearer, so ties keep the shorter.
    if (Math.abs(allowed - requestedSeconds) < Math.abs(best - requestedSeconds)) best = allowed;
  }
  return best;
}

/** The shortest accepted length that covers `seconds` (the longest when none does). */
export function coveringDuration(model: Pick<ModelEntry, "durations">, seconds: number): number | undefined {
  if (!model.durations?.length) return undefined;
  return model.durations.find((d) => d >= seconds) ?? model.durations[model.durations.length - 1];
}
