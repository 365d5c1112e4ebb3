/**
 * Counters read from the simulators running in this process, without changing them: the store's
 * leaky bucket (points spent, THROTTLED answers) and each provider's fault engine (work planned per
 * model, 429 answers). Installed by wrapping the instances' methods.
 */
import type { Simulators } from "../../sim/start";

export interface SimCounters {
  /** Admin API points actually spent (taken minus refunded). */
  shopifyPoints: number;
  throttled: number;
  provider429: number;
  /** Planned run time (queue + run) per provider model ref, in ms: the providers' work. */
  providerWorkMs: Map<string, number>;
  providerJobs: Map<string, number>;
}

export function instrumentSimulators(sims: Simulators, shopDomain: string): SimCounters {
  const counters: SimCounters = { shopifyPoints: 0, throttled: 0, provider429: 0, providerWorkMs: new Map(), providerJobs: new Map() };
  const bucket = sims.shopify.store.requireShop(shopDomain).bucket;
  const tryTake = bucket.tryTake.bind(bucket);
  const refund = bucket.refund.bind(bucket);
  bucket.tryTake = (cost: number) => {
    const taken = tryTake(cost);
    if (taken) counters.shopifyPoints += cost;
    else counters.throttled += 1;
    return taken;
  };
  bucket.refund = (points: number) => {
    counters.shopifyPoints -= points;
    refund(points);
  };
  for (const sim of [sims.replicate, sims.fal, sims.openai]) {
    const engine = sim.engine;
    const admit = engine.admit.bind(engine);
    const planJob = engine.planJob.bind(engine);
    engine.admit = (model: string) => {
      const admission = admit(model);
      if (admission.kind === "rate_limit") counters.provider429 += 1;
      return admission;
    };
    engine.planJob = (model: string) => {
      const plan = planJob(model);
      counters.providerWorkMs.set(model, (counters.providerWorkMs.get(model) ?? 0) + plan.queueMs + plan.runMs);
      counters.providerJobs.set(model, (counters.providerJobs.get(model) ?? 0) + 1);
      return plan;
    };
  }
  return counters;
}
