/**
 * overhead: per-generation orchestration time, i.e. everything that is not the provider working:
 * queueing, database, analysis, storage, validation and write-back calls. For each generation of a
 * bulk run sized to fit the models' concurrency (so no job waits for a provider slot), overhead =
 * (finished − requested) − provider time, where provider time = Σ attempts (provider done − attempt
 * started) + the product analysis' LLM call (GPT-4o vision: a provider call too). Reported as
 * p50/p99 in ms and as a share of the provider time of the same run, with the per-stage split
 * (queue wait and run of each job) in notes.overhead.stages.
 *
 * The bulk run's jobs all arrive at once and share the worker's CPU, so their overhead includes
 * waiting for each other. `overhead_serial_*` is the same measure for generations requested one
 * at a time, each after the previous one was published: the orchestration path alone.
 *
 *   npx tsx bench/overhead.ts [--products 45] [--serial 10] [--median-ms 4000]
 */
import { parseArgs } from "node:util";
import { createDb } from "../app/db.server";
import { parseAttempts } from "../app/engine/attempts";
import { storedAnalysisSchema } from "../app/intelligence/analysis-schema";
import { PLAN_LIMITS } from "../sim/shopify/throttle";
import type { Generation } from "@prisma/client";
import { AppApi } from "../scripts/smoke";
import { defaultRegistry, providerModelRef } from "../app/providers/registry/index";
import { setFaults } from "../sim/faults/control";
import { bulkEnv, listAllProducts, runBulk, sharesByConcurrency } from "./lib/bulk-run";
import { percentile } from "./lib/percentile";
import { report, reportNote } from "./lib/report";
import { startBenchStack, type BenchStack } from "./lib/stack";
import { stageTimes } from "./lib/stage-times";

const tally = (items: string[]) => Object.fromEntries([...new Set(items)].map((item) => [item, items.filter((i) => i === item).length]));
const MODELS = ["flux-2-pro", "flux-kontext-pro-fal", "gpt-image-1"];
const { values } = parseArgs({
  options: { products: { type: "string", default: "45" }, serial: { type: "string", default: "10" }, "median-ms": { type: "string", default: "4000" } },
});
const products = Number(values.products);
const serial = Number(values.serial);

const stack = await startBenchStack({ label: "overhead", productCount: products + serial, demoCredits: (products + serial) * 10, extraEnv: bulkEnv(products) });
try {
  const plan = PLAN_LIMITS.plus;
  stack.sims.shopify.store.requireShop(stack.shopDomain).bucket.configure({ ...plan, currentlyAvailable: plan.maximumAvailable });
  const latency = { medianMs: Number(values["median-ms"]), sigma: 0.3 };
  // One at a time first: after a bulk run the shop's spend-anomaly guard would rightly pause new requests.
  const one = await oneAtATime(stack, products, serial, latency);
  const serialIds = new Set(one.map((g) => g.id));
  const run = await runBulk(stack, { shares: sharesByConcurrency(MODELS, products), latency, seed: 11, timeoutMs: 10 * 60_000 });
  const bulk = run.generations.filter((g) => !serialIds.has(g.id));
  const analysisMs = await analysisLatencies(stack.databaseUrl);
  const { overheads, providerTotal } = overheadOf(bulk, analysisMs);
  const overheadTotal = overheads.reduce((sum, ms) => sum + ms, 0);
  // Where it goes: up to the end of the last attempt (analysis, start, validation) vs. write-back after it.
  const publishMs = bulk.map((g) => {
    const last = parseAttempts(g.attempts).at(-1)?.finishedAt;
    return last && g.completedAt ? g.completedAt.getTime() - Date.parse(last) : 0;
  });
  await report("overhead_analysis_llm_p50_ms", percentile([...analysisMs.values()], 50), "ms");
  await report("overhead_p50_ms", percentile(overheads, 50), "ms");
  await report("overhead_p99_ms", percentile(overheads, 99), "ms");
  await report("overhead_pct", providerTotal > 0 ? (100 * overheadTotal) / providerTotal : Number.NaN, "%");

  const serialOverheads = overheadOf(one, analysisMs).overheads;
  await report("overhead_serial_p50_ms", percentile(serialOverheads, 50), "ms");
  await report("overhead_serial_p99_ms", percentile(serialOverheads, 99), "ms");
  await reportNote("overhead", {
    products,
    providerTotalS: providerTotal / 1000,
    writeBackP50Ms: percentile(publishMs, 50),
    writeBackP99Ms: percentile(publishMs, 99),
    // Completions by poll rather than webhook wait PROVIDER_POLL_FIRST_MS: the usual cause of a high overhead.
    completedVia: tally(bulk.flatMap((g) => parseAttempts(g.attempts).map((a) => a.completedVia ?? "unfinished"))),
    statuses: tally(bulk.map((g) => g.status)),
    stages: await stageTimes(stack.env.REDIS_URL, stack.redisPrefix, bulk.map((g) => g.id)),
    serialStages: await stageTimes(stack.env.REDIS_URL, stack.redisPrefix, one.map((g) => g.id)),
  });
} finally {
  await stack.teardown();
}

/** Each product's analysis LLM call time (one analysis per product in a bulk run over fresh products). */
async function analysisLatencies(databaseUrl: string): Promise<Map<string, number>> {
  const db = createDb(databaseUrl, { maxConnections: 1 });
  try {
    const products = await db.product.findMany({ select: { id: true, analysis: true } });
    return new Map(products.map((p) => [p.id, storedAnalysisSchema.safeParse(p.analysis).data?.usage.latencyMs ?? 0]));
  } finally {
    await db.$disconnect();
  }
}

/** Per generation: (finished − requested) − provider time (attempts' provider work + the analysis LLM call). */
function overheadOf(generations: Generation[], analysisMs: Map<string, number>): { overheads: number[]; providerTotal: number } {
  let providerTotal = 0;
  const overheads = generations.map((g) => {
    const finished = (g.completedAt ?? g.updatedAt).getTime();
    const providerMs =
      (analysisMs.get(g.productId) ?? 0) +
      parseAttempts(g.attempts)
        .filter((a) => a.providerDoneAt)
        .reduce((sum, a) => sum + (Date.parse(a.providerDoneAt!) - Date.parse(a.startedAt)), 0);
    providerTotal += providerMs;
    return Math.max(0, finished - g.createdAt.getTime() - providerMs);
  });
  return { overheads, providerTotal };
}

/** The `count` products after the first `skip`, each requested (auto-publish) only once the previous one is published. */
async function oneAtATime(stack: BenchStack, skip: number, count: number, latency: { medianMs: number; sigma: number }): Promise<Generation[]> {
  const model = defaultRegistry().get(MODELS[0]);
  await setFaults(stack.sims.urls[model.provider], { seed: 11, models: { [providerModelRef(model)]: { latency: { ...latency, coldStartMs: 0, queueMs: 0 } } } });
  const api = new AppApi(stack);
  const productIds = (await listAllProducts(api, skip + count)).slice(skip);
  const batches: string[] = [];
  for (const productId of productIds) {
    const created = await api.call<{ batchId: string }>("POST", "/api/generations", { productIds: [productId], style: "studio", modelId: MODELS[0], autoPublish: true });
    await api.waitForBatch(created.batchId, new Set(["published", "failed"]), 120_000);
    batches.push(created.batchId);
  }
  const db = createDb(stack.databaseUrl, { maxConnections: 1 });
  try {
    return await db.generation.findMany({ where: { batchId: { in: batches } } });
  } finally {
    await db.$disconnect();
  }
}
