/**
 * Chaos runs: a bulk generation with auto-publish under provider faults (5xx, hangs, blank and
 * corrupt outputs, lost and duplicated webhooks) while, at seeded random moments once every
 * generation is requested, the worker is SIGKILLed and restarted, Redis is restarted (SIGTERM, then
 * the same port and append-only file) and PostgreSQL is restarted (pg_ctl stop -m fast, start).
 * Redis and PostgreSQL are the run's own servers (private-services.ts), never the machine's shared
 * ones. Disruptions run one after another, each finished before the next. Then the invariants an
 * operator cares about, counted:
 *   lost_jobs          generations not finished (published, failed, cancelled) when the run settles
 *   double_charges     generations charged twice, or charged more than reserved, or charged and failed
 *   duplicate_media    media on a product beyond one per published generation
 *   invalid_published  published outputs that fail output validation when checked again
 *   unbalanced_ledger  shops whose balance ≠ grants − charges + refunds, plus open reservations left
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { Readable } from "node:stream";
import { createDb, type Db } from "../../app/db.server";
import { generationCredits, getBalance } from "../../app/billing/ledger.server";
import { validateOutput } from "../../app/media/validate";
import { createStorage } from "../../app/storage/index";
import { parseEnv } from "../../app/env.server";
import { setFaults } from "../../sim/faults/control";
import type { ModelFaults } from "../../sim/faults/engine";
import { PLAN_LIMITS } from "../../sim/shopify/throttle";
import { bulkEnv, runBulk, sharesByConcurrency } from "./bulk-run";
import { startPrivatePostgres, startPrivateRedis, type PrivateService } from "./private-services";
import { findDescendants } from "./process-rss";
import { startBenchStack, type BenchStack } from "./stack";

export interface ChaosOptions {
  products: number;
  /** Worker SIGKILLs spread at random over the run. */
  workerKills: number;
  /** Restarts of the run's private Redis, at random moments. */
  redisRestarts?: number;
  /** Restarts of the run's private PostgreSQL, at random moments. */
  postgresRestarts?: number;
  /** Fault rates for every provider simulator (PROVIDER_CHAOS, or a subset for a short run). */
  providerFaults?: ProviderFaultRates;
  seed: number;
  timeoutMs: number;
  log?: (line: string) => void;
}

export interface ChaosFigures {
  lost_jobs: number;
  double_charges: number;
  duplicate_media: number;
  invalid_published: number;
  unbalanced_ledger: number;
}

export type ProviderFaultRates = NonNullable<ModelFaults["faults"]>;

/** 20% 5xx, 5% hangs, 2% blank or corrupt outputs, 30% lost webhooks, duplicated webhooks. */
export const PROVIDER_CHAOS: ProviderFaultRates = { server_error: 0.2, hang: 0.05, blank_image: 0.01, corrupt_file: 0.01, lost_webhook: 0.3, duplicate_webhook: 0.2 };

/**
 * The same without hangs: a hung provider call is only given up after the retry policy's 30 s
 * timeouts and the model's 90–120 s job timeout, longer than a CI-sized run may take.
 */
export const PROVIDER_CHAOS_NO_HANGS: ProviderFaultRates = { ...PROVIDER_CHAOS, hang: 0 };

const MODELS = ["flux-2-pro", "flux-kontext-pro-fal", "gpt-image-1"];
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");

/**
 * Kills every process of the running worker (tsx wrapper and node child) and starts a new one, and
 * supervises the workers it starts as a process manager would: one that exits on its own (say, its
 * start-up check ran while Redis or PostgreSQL was restarting) is started again, and counted.
 */
class WorkerChaos {
  private current: ChildProcess | undefined;
  private stopped = false;
  /** Kills that found a running worker to kill. */
  kills = 0;
  /** Workers that exited without being killed. */
  exits = 0;
  constructor(
    private readonly stack: BenchStack,
    private readonly log?: (line: string) => void,
  ) {}

  async killAndRestart(): Promise<void> {
    const pids = await findDescendants(process.pid, "app/worker.ts");
    if (pids.length) this.kills += 1;
    this.current = undefined;
    for (const pid of pids) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    this.spawn();
  }

  private spawn(): void {
    const worker = spawn(path.join(root, "node_modules/.bin/tsx"), ["app/worker.ts"], { cwd: root, env: { ...process.env, ...this.stack.env }, stdio: process.env.BENCH_VERBOSE ? "inherit" : "ignore" });
    this.current = worker;
    worker.once("exit", (code, signal) => {
      if (this.stopped || this.current !== worker) return;
      this.exits += 1;
      this.log?.(`worker exited on its own (${signal ?? code}), restarting`);
      // Unless a kill has started another meanwhile: one restart per exit, no second worker to leak.
      setTimeout(() => !this.stopped && this.current === worker && this.spawn(), 1_000);
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const worker = this.current;
    if (!worker || worker.exitCode !== null || worker.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      worker.once("exit", () => resolve());
      worker.kill("SIGTERM");
      setTimeout(() => worker.kill("SIGKILL"), 15_000).unref();
    });
  }
}

export interface ChaosResult {
  figures: ChaosFigures;
  /** Worker SIGKILLs actually delivered (a kill scheduled after the run settled does not happen). */
  workerKills: number;
  /** Restarts of the private Redis and PostgreSQL actually done. */
  redisRestarts: number;
  postgresRestarts: number;
  /** Restarted workers that exited on their own and were started again. */
  workerExits: number;
}

export async function runChaos(options: ChaosOptions): Promise<ChaosResult> {
  const [redis, postgres] = await Promise.all([startPrivateRedis(), startPrivatePostgres()]);
  try {
    const stack = await startBenchStack({
      label: "chaos",
      productCount: options.products,
      demoCredits: options.products * 10,
      seed: options.seed,
      redisUrl: redis.url,
      databaseServerUrl: postgres.url,
      extraEnv: { ...bulkEnv(options.products), PROVIDER_POLL_FIRST_MS: "1000", PROVIDER_POLL_MAX_MS: "3000" },
    });
    const workers = new WorkerChaos(stack, options.log);
    try {
      // A catalog-sized shop has the Plus bucket (as in bulk-makespan): on the standard one, reading
      // 50 products for one request is paced past the API client's 30 s timeout.
      stack.sims.shopify.store.requireShop(stack.shopDomain).bucket.configure({ ...PLAN_LIMITS.plus, currentlyAvailable: PLAN_LIMITS.plus.maximumAvailable });
      if (options.providerFaults) {
        for (const url of [stack.sims.urls.replicate, stack.sims.urls.fal, stack.sims.urls.openai]) await setFaults(url, { seed: options.seed, defaults: { faults: options.providerFaults } });
      }
      const mediaBefore = mediaCounts(stack);
      const disruptions = new Disruptions(options, workers, redis, postgres);
      let submitted = false;
      try {
        const onSubmitted = () => {
          submitted = true;
          disruptions.start();
        };
        await runBulk(stack, { shares: sharesByConcurrency(MODELS, options.products), latency: { medianMs: 1500, sigma: 0.4 }, seed: options.seed, timeoutMs: options.timeoutMs, onSubmitted }, options.log);
      } catch (error) {
        // A run whose generations were not all requested measured nothing: an error, not zeros.
        if (!submitted) throw error;
        // A run that does not settle is measured, not thrown: what is unfinished counts as lost.
        options.log?.(`run did not settle: ${(error as Error).message}`);
      }
      await disruptions.stop();
      return {
        figures: await measure(stack, mediaBefore, options.log),
        workerKills: workers.kills,
        redisRestarts: disruptions.redisRestarts,
        postgresRestarts: disruptions.postgresRestarts,
        workerExits: workers.exits,
      };
    } finally {
      await workers.stop();
      await stack.teardown();
    }
  } finally {
    await Promise.all([redis.stop(), postgres.stop()]);
  }
}

/**
 * Seeded random moments, from when every generation has been requested, while generations are in
 * flight (before most of the run has settled). Run in order, each awaited: a restart is complete
 * before the next disruption starts. A disruption due after the run settled does not happen.
 */
class Disruptions {
  private stopped = false;
  private wait: { timer: NodeJS.Timeout; resolve: () => void } | undefined;
  private running: Promise<void> | undefined;
  redisRestarts = 0;
  postgresRestarts = 0;

  constructor(
    private readonly options: ChaosOptions,
    private readonly workers: WorkerChaos,
    private readonly redis: PrivateService,
    private readonly postgres: PrivateService,
  ) {}

  start(): void {
    const { options } = this;
    let state = options.seed;
    const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const window = 3_000 + options.products * 100;
    const plan = [
      ...Array.from({ length: options.workerKills }, () => ({ name: "SIGKILL worker, restarting", run: () => this.workers.killAndRestart() })),
      ...Array.from({ length: options.redisRestarts ?? 0 }, () => ({ name: "restart Redis", run: () => this.redis.restart().then(() => void (this.redisRestarts += 1)) })),
      ...Array.from({ length: options.postgresRestarts ?? 0 }, () => ({ name: "restart PostgreSQL", run: () => this.postgres.restart().then(() => void (this.postgresRestarts += 1)) })),
    ]
      .map((d) => ({ ...d, at: Date.now() + 2_000 + random() * window }))
      .sort((a, b) => a.at - b.at);
    this.running = (async () => {
      for (const d of plan) {
        await new Promise<void>((resolve) => (this.wait = { resolve, timer: setTimeout(resolve, Math.max(0, d.at - Date.now())) }));
        if (this.stopped) return;
        const started = Date.now();
        this.options.log?.(`${d.name}…`);
        await d.run();
        this.options.log?.(`${d.name}: done in ${Date.now() - started} ms`);
      }
    })();
    // A failed restart is thrown by stop(), not left as an unhandled rejection until then.
    this.running.catch(() => {});
  }

  /** Cancels what is still due and waits for a disruption under way (the servers must be up to measure). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.wait) {
      clearTimeout(this.wait.timer);
      this.wait.resolve();
    }
    await this.running;
  }
}

function mediaCounts(stack: BenchStack): Map<string, number> {
  const shop = stack.sims.shopify.store.requireShop(stack.shopDomain);
  return new Map([...shop.products.values()].map((p) => [`gid://shopify/Product/${p.id}`, p.mediaIds.length]));
}

async function measure(stack: BenchStack, mediaBefore: Map<string, number>, log?: (line: string) => void): Promise<ChaosFigures> {
  const db = createDb(stack.databaseUrl, { maxConnections: 2 });
  const storage = createStorage(parseEnv({ ...stack.env, STORAGE_DIR: stack.storageDir }));
  try {
    const generations = await db.generation.findMany({ include: { product: { select: { shopifyId: true } } } });
    const figures: ChaosFigures = { lost_jobs: 0, double_charges: 0, duplicate_media: 0, invalid_published: 0, unbalanced_ledger: 0 };
    const publishedPerProduct = new Map<string, number>();
    for (const g of generations) {
      if (!["published", "failed", "cancelled"].includes(g.status)) {
        figures.lost_jobs += 1;
        log?.(`unfinished ${g.id} ${g.status}: ${JSON.stringify(g.attempts)}`);
      }
      const commits = await db.ledgerEntry.count({ where: { generationId: g.id, kind: "commit" } });
      const credits = await generationCredits(db, g.shopId, g.id);
      const failedButCharged = g.status !== "published" && credits.charged - credits.refunded > 0;
      if (commits > 1 || credits.charged > g.creditsReserved || failedButCharged) figures.double_charges += 1;
      if (g.status === "published") {
        publishedPerProduct.set(g.product.shopifyId, (publishedPerProduct.get(g.product.shopifyId) ?? 0) + 1);
        if (!(await outputStillValid(db, storage, g.outputAssetId))) figures.invalid_published += 1;
      }
    }
    for (const [productId, after] of mediaCounts(stack)) {
      const excess = after - (mediaBefore.get(productId) ?? 0) - (publishedPerProduct.get(productId) ?? 0);
      if (excess > 0) figures.duplicate_media += excess;
    }
    figures.unbalanced_ledger = await unbalancedShops(db, generations);
    return figures;
  } finally {
    await db.$disconnect();
  }
}

async function outputStillValid(db: Db, storage: ReturnType<typeof createStorage>, assetId: string | null): Promise<boolean> {
  if (!assetId) return false;
  const asset = await db.asset.findUnique({ where: { id: assetId } });
  if (!asset) return false;
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of (await storage.get(asset.storageKey)) as Readable) chunks.push(chunk as Buffer);
    await validateOutput(Buffer.concat(chunks), { kind: asset.mimeType.startsWith("video/") ? "video" : "image" });
    return true;
  } catch {
    return false;
  }
}

async function unbalancedShops(db: Db, generations: Array<{ id: string; shopId: string; status: string }>): Promise<number> {
  let unbalanced = 0;
  for (const shop of await db.shop.findMany({ select: { id: true } })) {
    const entries = await db.ledgerEntry.groupBy({ by: ["kind"], where: { shopId: shop.id }, _sum: { amount: true } });
    const sum = (kind: string) => entries.find((e) => e.kind === kind)?._sum.amount ?? 0;
    let charged = 0;
    let open = 0;
    for (const g of generations.filter((x) => x.shopId === shop.id)) {
      const credits = await generationCredits(db, shop.id, g.id);
      charged += credits.charged;
      open += credits.open;
    }
    const expected = sum("grant") - charged + sum("refund");
    if ((await getBalance(db, shop.id)) !== expected || open > 0) unbalanced += 1;
  }
  return unbalanced;
}
