/**
 * Everything an engine integration test needs, all real: a private PostgreSQL database and Redis
 * prefix (createTestContext), the Replicate and fal simulators driven through the real adapters
 * (official SDKs), a loopback "shop CDN" serving rendered product photos, a webhook endpoint that
 * hands provider callbacks to the engine exactly as the Remix route does, local storage in a temp
 * directory, and a BullMQ worker running the pipeline's jobs.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Db } from "../../app/db.server";
import type { Generation, GenerationStatus, Shop } from "@prisma/client";
import { grantCredits } from "../../app/billing/ledger.server";
import type { EngineContext } from "../../app/engine/context";
import { handleProviderWebhook } from "../../app/engine/webhooks.server";
import { analyseHandler } from "../../app/jobs/analyse";
import { generateHandler } from "../../app/jobs/generate";
import { pollHandler } from "../../app/jobs/poll";
import { QUEUE } from "../../app/jobs/queues";
import { WorkerRuntime } from "../../app/jobs/runtime.server";
import { validateHandler } from "../../app/jobs/validate";
import { requestGenerations, type ProductSnapshotInput, type RequestGenerationsInput } from "../../app/models/generations.server";
import { createProviders } from "../../app/providers/index";
import { createRegistry, type RegistryConfigInput } from "../../app/providers/registry/index";
import { createLocalStorage } from "../../app/storage/local";
import { resetFaults, setFaults } from "../../sim/faults/control";
import type { FaultConfig } from "../../sim/faults/engine";
import { startFalSim, type FalSim } from "../../sim/fal/server";
import { startReplicateSim, type ReplicateSim } from "../../sim/replicate/server";
import { renderProductImage } from "../../sim/shared/product-image";
import { createTestContext, TEST_REDIS_URL, type TestContext } from "../support/harness";

export const FAST_LATENCY = { latency: { medianMs: 150, sigma: 0, coldStartMs: 0, queueMs: 20 } };
const RETRY = { baseDelayMs: 50, maxDelayMs: 3_000, timeoutMs: 5_000 };

export interface EngineHarness {
  t: TestContext;
  ctx: EngineContext;
  shop: Shop;
  replicate: ReplicateSim;
  fal: FalSim;
  /** Product snapshot whose image is served by the loopback CDN. */
  product(kind: string, id: number): ProductSnapshotInput;
  productImage(kind: string, id: number): Promise<Buffer>;
  request(input: Omit<RequestGenerationsInput, "shopDomain">): ReturnType<typeof requestGenerations>;
  waitFor(generationId: string, statuses?: GenerationStatus[], timeoutMs?: number): Promise<Generation>;
  faults(provider: "replicate" | "fal", patch: Partial<FaultConfig>): Promise<void>;
  /** Back to the simulators' start-up rules (fault rules merge; this clears them). */
  resetFaults(): Promise<void>;
  balance(): Promise<number>;
  /** The balance once it settles at `expected` (the release follows the status change), or the last value after a timeout. */
  balanceSettlesAt(expected: number, timeoutMs?: number): Promise<number>;
  webhookCalls: Array<{ provider: string; status: number }>;
  close(): Promise<void>;
}

export const TERMINAL: GenerationStatus[] = ["ready_for_review", "failed", "cancelled", "published"];

/** Polls a generation until it reaches one of `statuses`; the error names where it got stuck. */
export async function waitForGeneration(db: Db, generationId: string, statuses: GenerationStatus[] = TERMINAL, timeoutMs = 30_000): Promise<Generation> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const generation = await db.generation.findUniqueOrThrow({ where: { id: generationId } });
    if (statuses.includes(generation.status)) return generation;
    if (Date.now() > deadline) throw new Error(`generation ${generationId} still ${generation.status} after ${timeoutMs} ms: ${JSON.stringify(generation.attempts)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A shop's credit balance, read from the ledger. */
export function shopBalance(db: Db, shopId: string): () => Promise<number> {
  return async () => (await db.ledgerEntry.aggregate({ where: { shopId }, _sum: { amount: true } }))._sum.amount ?? 0;
}

/** Waits for releases/commits to land: the balance once it equals `expected`, or as it stands at the deadline. */
export async function balanceSettlesAt(balance: () => Promise<number>, expected: number, timeoutMs = 5_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const current = await balance();
    if (current === expected || Date.now() > deadline) return current;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Answers the webhook the way the Remix route does: a Fetch Request into handleProviderWebhook. */
function webhookServer(ctx: () => EngineContext, calls: EngineHarness["webhookCalls"]): Promise<Server> {
  const server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const provider = url.pathname.split("/").pop() ?? "";
    const request = new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body: Buffer.concat(chunks) });
    try {
      const response = await handleProviderWebhook(ctx(), provider, request);
      calls.push({ provider, status: response.status });
      res.writeHead(response.status, { "content-type": "application/json" }).end(await response.text());
    } catch {
      calls.push({ provider, status: 500 });
      res.writeHead(500).end();
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

function productCdn(): Promise<Server> {
  const server = createServer(async (req, res) => {
    const match = /^\/products\/([a-z]+)-(\d+)\.png$/.exec(req.url ?? "");
    if (!match) return res.writeHead(404).end();
    const bytes = await renderProductImage({ seed: Number(match[2]), width: 512, height: 512, angle: 0, kind: match[1] });
    res.writeHead(200, { "content-type": "image/png", "content-length": String(bytes.length) }).end(bytes);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

const origin = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

export async function startEngineHarness(options: { registry: RegistryConfigInput; credits?: number }): Promise<EngineHarness> {
  const t = await createTestContext();
  const [replicate, fal, cdn, storageDir] = await Promise.all([
    startReplicateSim({ seed: 7, faults: { defaults: FAST_LATENCY } }),
    startFalSim({ seed: 7, faults: { defaults: FAST_LATENCY } }),
    productCdn(),
    mkdtemp(join(tmpdir(), "glint-engine-")),
  ]);
  const webhookCalls: EngineHarness["webhookCalls"] = [];
  const ctx = Object.assign(t.ctx, {
    registry: createRegistry(options.registry),
    storage: createLocalStorage({ dir: storageDir, appUrl: "http://127.0.0.1:3000", signingSecret: t.env.SHOPIFY_API_SECRET }),
    // OpenAI stays unconfigured here: its calls answer provider_unavailable, as in production without a key.
    providers: createProviders({
      replicate: { apiToken: "r8_test", baseUrl: `${replicate.url}/v1`, retry: RETRY },
      fal: { apiKey: "fal_test", baseUrl: fal.url, jwksUrl: fal.jwksUrl, retry: RETRY },
    }),
    engine: {
      ...t.ctx.engine,
      allowOrigins: [origin(cdn), replicate.url, fal.url],
      pollFirstMs: 400,
      pollMaxMs: 1_000,
      // Breakers are exercised by their own test; here one flaky model must not trip them.
      health: { minSamples: 1_000 },
    },
  }) as EngineContext;
  const hooks = await webhookServer(() => ctx, webhookCalls);
  ctx.engine.webhookBaseUrl = origin(hooks);

  const runtime = new WorkerRuntime(
    {
      [QUEUE.generation]: { analyse: analyseHandler(ctx), generate: generateHandler(ctx), validate: validateHandler(ctx) },
      [QUEUE.providerPoll]: { poll: pollHandler(ctx) },
    },
    { connection: { url: TEST_REDIS_URL }, prefix: t.prefix, log: ctx.log, defaultConcurrency: 4 },
  ).start();

  const shop = await ctx.db.shop.create({ data: { domain: `engine-${t.prefix.slice(8, 18)}.myshopify.com` } });
  await grantCredits(ctx.db, { shopId: shop.id, amount: options.credits ?? 500, idempotencyKey: "test-grant", reason: "test" });

  const product: EngineHarness["product"] = (kind, id) => ({
    shopifyId: `gid://shopify/Product/${id}`,
    title: `Test ${kind} ${id}`,
    handle: `test-${kind}-${id}`,
    productType: kind,
    vendor: "Glint Test",
    tags: [],
    imageUrl: `${origin(cdn)}/products/${kind}-${id}.png`,
  });

  const balance = shopBalance(ctx.db, shop.id);

  return {
    t,
    ctx,
    shop,
    replicate,
    fal,
    webhookCalls,
    product,
    productImage: (kind, id) => renderProductImage({ seed: id, width: 512, height: 512, angle: 0, kind }),
    request: (input) => requestGenerations(ctx, { ...input, shopDomain: shop.domain }),
    waitFor: (generationId, statuses, timeoutMs = 30_000) => waitForGeneration(ctx.db, generationId, statuses, timeoutMs),
    async faults(provider, patch) {
      await setFaults(provider === "replicate" ? replicate.url : fal.url, patch);
    },
    async resetFaults() {
      await Promise.all([resetFaults(replicate.url), resetFaults(fal.url)]);
    },
    balance,
    balanceSettlesAt: (expected, timeoutMs) => balanceSettlesAt(balance, expected, timeoutMs),
    async close() {
      await runtime.stop(2_000);
      await Promise.all([resetFaults(replicate.url).catch(() => undefined), resetFaults(fal.url).catch(() => undefined)]);
      await Promise.all([replicate.close(), fal.close(), closeServer(cdn), closeServer(hooks)]);
      await t.cleanup();
      await rm(storageDir, { recursive: true, force: true });
    },
  };
}
