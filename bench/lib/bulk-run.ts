/**
 * One bulk generation over the demo shop's catalog, through the JSON API exactly as the admin
 * extension calls it: products split across models (one per provider), each model's simulator
 * given its concurrency limit and a seeded log-normal latency, auto-publish on, then waited on in
 * the database until every generation is published, failed or cancelled.
 */
import type { Generation } from "@prisma/client";
import { createDb, type Db } from "../../app/db.server";
import { defaultRegistry, providerModelRef, type ModelEntry } from "../../app/providers/registry/index";
import { setFaults } from "../../sim/faults/control";
import { AppApi } from "../../scripts/smoke";
import { instrumentSimulators, type SimCounters } from "./instruments";
import type { BenchStack } from "./stack";

export interface ModelShare {
  modelId: string;
  products: number;
}

export interface BulkRunOptions {
  shares: ModelShare[];
  latency: { medianMs: number; sigma: number };
  seed: number;
  timeoutMs: number;
  /** Called once every generation has been requested (the chaos run disrupts from then on). */
  onSubmitted?: () => void;
}

export interface BulkRunResult {
  startedAt: number;
  finishedAt: number;
  generations: Generation[];
  models: ModelEntry[];
  counters: SimCounters;
}

const TERMINAL = new Set(["published", "failed", "cancelled", "rejected"]);
const PAGE = 100;
/** Products per POST: the API takes 250, but reading that many from Shopify can outlast the client's 30 s timeout on a loaded machine. */
const REQUEST_PRODUCTS = 50;

/** Env for the app and worker: limits high enough that a bulk run measures the pipeline, not the guard. */
export function bulkEnv(products: number): Record<string, string> {
  return {
    RATE_LIMIT_GENERATIONS_PER_MINUTE: "10000",
    RATE_LIMIT_CONCURRENT_GENERATIONS: String(products * 2),
    WORKER_CONCURRENCY: "32",
  };
}

/** Products split across models in proportion to their concurrency (the split that balances the work). */
export function sharesByConcurrency(modelIds: string[], products: number): ModelShare[] {
  const registry = defaultRegistry();
  const models = modelIds.map((id) => registry.find(id) ?? failMissing(id));
  const total = models.reduce((sum, m) => sum + m.maxConcurrency, 0);
  const shares = models.map((m) => ({ modelId: m.id, products: Math.floor((products * m.maxConcurrency) / total) }));
  shares[0].products += products - shares.reduce((sum, s) => sum + s.products, 0);
  return shares;
}

function failMissing(id: string): never {
  throw new Error(`model ${id} is not in the registry`);
}

export async function listAllProducts(api: AppApi, count: number): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  while (ids.length < count) {
    const query: string = `/api/products?first=${PAGE}${after ? `&after=${encodeURIComponent(after)}` : ""}`;
    const page = await api.call<{ products: Array<{ id: string }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } }>("GET", query);
    ids.push(...page.products.map((p) => p.id));
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  if (ids.length < count) throw new Error(`the store has ${ids.length} products, ${count} needed`);
  return ids.slice(0, count);
}

function countByStatus(db: Db) {
  return db.generation.groupBy({ by: ["status"], _count: true });
}

async function waitUntilTerminal(db: Db, timeoutMs: number, onProgress?: (line: string) => void): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastLine = "";
  for (;;) {
    let groups: Awaited<ReturnType<typeof countByStatus>>;
    try {
      groups = await countByStatus(db);
    } catch (error) {
      // PostgreSQL restarting (chaos run): the database is asked again until the deadline.
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 1_000));
      continue;
    }
    const open = groups.filter((g) => !TERMINAL.has(g.status)).reduce((sum, g) => sum + g._count, 0);
    const line = groups.map((g) => `${g.status} ${g._count}`).join(", ");
    if (line !== lastLine) onProgress?.(line);
    lastLine = line;
    if (open === 0 && groups.length > 0) return;
    if (Date.now() > deadline) throw new Error(`bulk run timed out with ${open} generations unfinished (${line})`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function runBulk(stack: BenchStack, options: BulkRunOptions, onProgress?: (line: string) => void): Promise<BulkRunResult> {
  const registry = defaultRegistry();
  const models = options.shares.map((s) => registry.find(s.modelId) ?? failMissing(s.modelId));
  for (const model of models) {
    const rules = { latency: { ...options.latency, coldStartMs: 0, queueMs: 0 }, maxConcurrency: model.maxConcurrency };
    await setFaults(stack.sims.urls[model.provider], { seed: options.seed, models: { [providerModelRef(model)]: rules } });
  }
  const counters = instrumentSimulators(stack.sims, stack.shopDomain);
  const api = new AppApi(stack);
  const total = options.shares.reduce((sum, s) => sum + s.products, 0);
  const productIds = await listAllProducts(api, total);
  const db = createDb(stack.databaseUrl, { maxConnections: 2 });
  try {
    const startedAt = Date.now();
    let offset = 0;
    for (const share of options.shares) {
      const ids = productIds.slice(offset, offset + share.products);
      offset += share.products;
      for (let i = 0; i < ids.length; i += REQUEST_PRODUCTS) {
        await api.call("POST", "/api/generations", { productIds: ids.slice(i, i + REQUEST_PRODUCTS), style: "studio", modelId: share.modelId, autoPublish: true });
      }
    }
    options.onSubmitted?.();
    await waitUntilTerminal(db, options.timeoutMs, onProgress);
    const finishedAt = Date.now();
    const generations = await db.generation.findMany();
    return { startedAt, finishedAt, generations, models, counters };
  } finally {
    await db.$disconnect();
  }
}
