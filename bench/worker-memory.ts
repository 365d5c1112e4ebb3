/**
 * worker-memory: peak and steady resident memory (VmRSS) of the worker process through a bulk run
 * (default 1,000 jobs), sampled every 200 ms from /proc. "Steady" is the median of the samples
 * taken over the last half of the run. The worker is the node process running app/worker.ts (the
 * largest of the tsx wrapper and its child). The store's product photos are 4K (3840 px square)
 * originals, so sources and provider outputs are 4K images too.
 *
 *   npx tsx bench/worker-memory.ts [--products 1000] [--image-px 3840]
 */
import { parseArgs } from "node:util";
import { PLAN_LIMITS } from "../sim/shopify/throttle";
import { bulkEnv, runBulk, sharesByConcurrency } from "./lib/bulk-run";
import { percentile } from "./lib/percentile";
import { findDescendants, rssMb } from "./lib/process-rss";
import { report, reportNote } from "./lib/report";
import { startBenchStack } from "./lib/stack";

const MODELS = ["flux-2-pro", "flux-kontext-pro-fal", "gpt-image-1"];
const { values } = parseArgs({ options: { products: { type: "string", default: "1000" }, "image-px": { type: "string", default: "3840" } } });
const products = Number(values.products);
const imagePx = Number(values["image-px"]);

const stack = await startBenchStack({ label: "memory", productCount: products, demoCredits: products * 10, extraEnv: bulkEnv(products) });
try {
  const plan = PLAN_LIMITS.plus;
  const shop = stack.sims.shopify.store.requireShop(stack.shopDomain);
  shop.bucket.configure({ ...plan, currentlyAvailable: plan.maximumAvailable });
  for (const media of shop.media.values()) Object.assign(media, { width: imagePx, height: imagePx });
  const workers = await findDescendants(process.pid, "app/worker.ts");
  if (!workers.length) throw new Error("worker process not found");
  const workerRss = async () => Math.max(0, ...(await Promise.all(workers.map(rssMb))).filter((mb): mb is number => mb !== undefined));
  const samples: Array<{ at: number; mb: number }> = [];
  const sample = async () => {
    const mb = await workerRss();
    if (mb > 0) samples.push({ at: Date.now(), mb });
  };
  // Started and connected, before any job: what the process costs at rest.
  const idle = await workerRss();
  const timer = setInterval(() => void sample(), 200);
  const run = await runBulk(stack, { shares: sharesByConcurrency(MODELS, products), latency: { medianMs: 3000, sigma: 0.3 }, seed: 5, timeoutMs: 30 * 60_000 }, (line) => console.error(`  ${line}`));
  clearInterval(timer);
  const half = run.startedAt + (run.finishedAt - run.startedAt) / 2;
  await report("worker_rss_peak_mb", Math.max(...samples.map((s) => s.mb)), "MB");
  await report("worker_rss_idle_mb", idle, "MB");
  await report("worker_rss_steady_mb", percentile(samples.filter((s) => s.at >= half).map((s) => s.mb), 50), "MB");
  await reportNote("worker-memory", { products, imagePx, samples: samples.length, jobs: run.generations.length, workerPids: workers });
} finally {
  await stack.teardown();
}
