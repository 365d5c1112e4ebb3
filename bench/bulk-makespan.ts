/**
 * bulk-makespan: N products × 1 image (default 1,000) across three providers (Replicate, fal,
 * OpenAI), each model limited to its registry concurrency and given a seeded log-normal latency by
 * its simulator, auto-published to the store simulator (Shopify Plus bucket: 20,000 points,
 * 1,000/s). The physical lower bound is the slower of the two stages that every product must pass:
 * max over models of (provider work ÷ concurrency), and Admin API points spent ÷ restore rate (after
 * the bucket's initial capacity). The stages overlap (early products publish while later ones
 * generate), so their maximum, not their sum, is the bound.
 *
 *   npx tsx bench/bulk-makespan.ts [--products 1000] [--median-ms 6000] [--sigma 0.4] [--seed 7]
 *
 * Prints makespan_ratio (measured ÷ bound), throttled (THROTTLED answers from the store) and
 * provider_429 (429 answers from the provider simulators).
 */
import { parseArgs } from "node:util";
import { defaultRegistry } from "../app/providers/registry/index";
import { PLAN_LIMITS } from "../sim/shopify/throttle";
import { bulkEnv, runBulk, sharesByConcurrency } from "./lib/bulk-run";
import { report, reportNote } from "./lib/report";
import { startBenchStack } from "./lib/stack";

const MODELS = ["flux-2-pro", "flux-kontext-pro-fal", "gpt-image-1"];

const { values } = parseArgs({
  options: {
    products: { type: "string", default: "1000" },
    "median-ms": { type: "string", default: "6000" },
    sigma: { type: "string", default: "0.4" },
    seed: { type: "string", default: "7" },
  },
});
const products = Number(values.products);
const latency = { medianMs: Number(values["median-ms"]), sigma: Number(values.sigma) };
const plan = PLAN_LIMITS.plus;

const stack = await startBenchStack({ label: "makespan", productCount: products, demoCredits: products * 10, seed: Number(values.seed), extraEnv: bulkEnv(products) });
try {
  stack.sims.shopify.store.requireShop(stack.shopDomain).bucket.configure({ ...plan, currentlyAvailable: plan.maximumAvailable });
  const shares = sharesByConcurrency(MODELS, products);
  const run = await runBulk(stack, { shares, latency, seed: Number(values.seed), timeoutMs: 30 * 60_000 }, (line) => console.error(`  ${line}`));

  const published = run.generations.filter((g) => g.status === "published");
  const lastPublished = Math.max(...published.map((g) => g.completedAt?.getTime() ?? run.finishedAt));
  const makespanMs = (published.length ? lastPublished : run.finishedAt) - run.startedAt;
  // Every registry model that did work counts, including fallbacks the router spilled over to when
  // a model was at capacity; the analysis LLM is not a registry model and has no slot limit.
  const registry = defaultRegistry();
  const providerBoundMs = Math.max(
    0,
    ...[...run.counters.providerWorkMs].map(([ref, work]) => {
      const model = registry.models.find((m) => m.modelRef === ref.split(":")[0]);
      return model ? work / model.maxConcurrency : 0;
    }),
  );
  const shopifyBoundMs = (Math.max(0, run.counters.shopifyPoints - plan.maximumAvailable) / plan.restoreRate) * 1000;
  const boundMs = Math.max(providerBoundMs, shopifyBoundMs);

  await report("makespan_ratio", makespanMs / boundMs);
  await report("throttled", run.counters.throttled);
  await report("provider_429", run.counters.provider429);
  await report("makespan_s", makespanMs / 1000, "s");
  await report("makespan_bound_s", boundMs / 1000, "s");
  await report("makespan_published", published.length);
  await reportNote("bulk-makespan", {
    products,
    shares,
    latency,
    shopifyPlan: "plus",
    providerBoundS: providerBoundMs / 1000,
    shopifyBoundS: shopifyBoundMs / 1000,
    shopifyPoints: run.counters.shopifyPoints,
    providerJobs: Object.fromEntries(run.counters.providerJobs),
    statuses: Object.fromEntries([...new Set(run.generations.map((g) => g.status))].map((s) => [s, run.generations.filter((g) => g.status === s).length])),
  });
} finally {
  await stack.teardown();
}
