/**
 * Shared set-up for the Shopify integration tests: a store simulator, a shop connected to Glint
 * (Shop row + offline Session holding the simulator's token), and generated outputs in storage.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Queue } from "bullmq";
import type { AppContext } from "../../app/context.server";
import { QUEUE } from "../../app/jobs/queues";
import { WorkerRuntime, type JobHandler } from "../../app/jobs/runtime.server";
import { createRedis } from "../../app/redis.server";
import { recordingWebhookEvents } from "../../app/shopify/webhook-intake.server";
import { ensureShop } from "../../app/models/shops.server";
import { getProductDetail, snapshotFromDetail, upsertProductSnapshot } from "../../app/models/products.server";
import { offlineAdminGraphql, offlineSessionId } from "../../app/shopify/admin-client.server";
import { renderProductImage } from "../../sim/shared/product-image";
import { startShopifySim, type ShopifySim } from "../../sim/shopify/server";
import { createTestContext, type TestContext } from "../support/harness";

export async function startSim(apiKey: string, apiSecret: string, appUrl = "http://127.0.0.1:9"): Promise<ShopifySim> {
  return startShopifySim({ port: 0, apiKey, apiSecret, appUrl, mediaProcessingMs: 120 });
}

/** A simulated store with products, installed in Glint. Returns the Shop row. */
export async function connectShop(ctx: AppContext, sim: ShopifySim, domain: string, productCount = 3, seed = 7) {
  const simShop = sim.addShop({ domain, productCount, seed });
  const shop = await ensureShop(ctx, domain);
  await ctx.db.session.create({
    data: { id: offlineSessionId(domain), shop: domain, state: "installed", isOnline: false, accessToken: simShop.accessToken, scope: "read_products,write_products,read_files,write_files" },
  });
  return { shop, simShop };
}

export function productGids(sim: ShopifySim, domain: string): string[] {
  return [...sim.store.requireShop(domain).products.keys()].map((id) => `gid://shopify/Product/${id}`);
}

/** The Product snapshot row, read through the app's own catalog code. */
export async function snapshotProduct(ctx: AppContext, shopId: string, domain: string, productGid: string) {
  const admin = await offlineAdminGraphql(ctx, domain);
  const detail = await getProductDetail(admin, productGid);
  if (!detail) throw new Error(`product ${productGid} missing`);
  return upsertProductSnapshot(ctx, shopId, snapshotFromDetail(detail));
}

/** A generation awaiting review, with its output image stored like the engine stores it. */
export async function readyGeneration(
  ctx: AppContext,
  input: { shopId: string; productId: string; style?: string; seed?: number; width?: number; height?: number; requestKey?: string },
) {
  const png = await renderProductImage({ seed: input.seed ?? 1, width: input.width ?? 800, height: input.height ?? 800, angle: 15, kind: "mug" });
  const stored = await ctx.storage.put({ shopId: input.shopId, kind: "output", ext: "png", contentType: "image/png", body: png });
  const checksum = createHash("sha256").update(png).digest("hex");
  const asset = await ctx.db.asset.upsert({
    where: { shopId_kind_checksum_productId: { shopId: input.shopId, kind: "output", checksum, productId: input.productId } },
    create: {
      shopId: input.shopId,
      productId: input.productId,
      kind: "output",
      storageKey: stored.key,
      checksum,
      mimeType: "image/png",
      width: input.width ?? 800,
      height: input.height ?? 800,
      bytes: png.length,
    },
    update: {},
  });
  return ctx.db.generation.create({
    data: {
      shopId: input.shopId,
      productId: input.productId,
      requestKey: input.requestKey ?? `test-${checksum.slice(0, 12)}-${Math.random().toString(36).slice(2)}`,
      capability: "image",
      style: input.style ?? "studio",
      status: "ready_for_review",
      outputAssetId: asset.id,
    },
  });
}

/**
 * The app side of webhook delivery: an HTTP server at the simulator's appUrl that hands
 * POST /webhooks/<topic> to the matching Remix route module's action, as the app server would.
 * process.env must already describe the test's database, Redis prefix and secret: the routes
 * read the app's configuration when shopify.server.ts is first imported.
 */
export async function startWebhookApp(): Promise<{ url: string; warm(): Promise<void>; close(): Promise<void> }> {
  const { createServer } = await import("node:http");
  const server = createServer(async (req, res) => {
    try {
      const topic = (req.url ?? "").replace(/^\/webhooks\//, "");
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
      const request = new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body: Buffer.concat(chunks) });
      const route = await import(`../../app/routes/webhooks.${topic.replace("/", ".")}.ts`);
      const response: Response = await route.action({ request, params: {}, context: {} });
      res.writeHead(response.status).end(await response.text());
    } catch (error) {
      res.writeHead(error instanceof Response ? error.status : 500).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  let warmed = false;
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    // A real server loads its routes and connects at boot, not on the first webhook (which Shopify
    // gives 5 s): do the same once process.env describes the test's services.
    async warm() {
      warmed = true;
      const { WEBHOOK_TOPICS } = await import("../../app/shopify/webhook-intake.server");
      for (const topic of Object.keys(WEBHOOK_TOPICS)) await import(`../../app/routes/webhooks.${topic.replace("/", ".")}.ts`);
      const { appContext } = await import("../../app/app-context.server");
      await appContext().db.$queryRaw`SELECT 1`;
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // The app's own context (opened by the routes) holds connections to the test's services.
      const { appContext } = await import("../../app/app-context.server");
      const { closeContext } = await import("../../app/context.server");
      if (warmed) await closeContext(appContext());
    },
  };
}

/**
 * Points the app's own configuration (read by shopify.server.ts on import) at a test context.
 * Returns the function that puts the previous environment back.
 */
export function useTestEnvForApp(env: { DATABASE_URL: string; REDIS_URL: string; REDIS_PREFIX: string; SHOPIFY_API_KEY: string; SHOPIFY_API_SECRET: string; SHOPIFY_SIM_URL?: string; STORAGE_DIR: string; LOG_LEVEL: string }): () => void {
  const next: Record<string, string | undefined> = { NODE_ENV: "test", ...env };
  const previous = Object.fromEntries(Object.keys(next).map((key) => [key, process.env[key]]));
  Object.assign(process.env, next);
  return () => {
    for (const [key, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}

export async function waitForJob(queue: Queue, id: string, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await queue.getJob(id);
    const state = job ? await job.getState() : "missing";
    if (state === "completed" || state === "failed") return state;
    if (Date.now() > deadline) throw new Error(`job ${id} stayed ${state}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface WebhookBench {
  t: TestContext;
  sim: ShopifySim;
  storageDir: string;
  close(): Promise<void>;
}

/**
 * Everything a Shopify webhook test needs, in delivery order: the app's webhook routes on a port,
 * the store simulator signing with the app's secret and delivering to them, a private test
 * context the app is configured for, and a worker running the given webhook job handlers.
 */
export async function startWebhookBench(options: {
  name: string;
  handlers: (ctx: AppContext) => Record<string, JobHandler>;
  mediaProcessingMs?: number;
}): Promise<WebhookBench> {
  const apiKey = `${options.name}-key`;
  const apiSecret = `${options.name}-secret-${randomBytes(12).toString("hex")}`;
  const storageDir = await mkdtemp(path.join(tmpdir(), `glint-${options.name}-`));
  const app = await startWebhookApp();
  const sim = await startShopifySim({ apiKey, apiSecret, appUrl: app.url, webhookRetryDelaysMs: [], mediaProcessingMs: options.mediaProcessingMs });
  const t = await createTestContext({ SHOPIFY_SIM_URL: sim.url, SHOPIFY_API_KEY: apiKey, SHOPIFY_API_SECRET: apiSecret, STORAGE_DIR: storageDir });
  // eslint-disable-next-line react-hooks/rules-of-hooks -- not a React hook: it points process.env at the test's services
  const restoreEnv = useTestEnvForApp({
    DATABASE_URL: t.env.DATABASE_URL,
    REDIS_URL: t.env.REDIS_URL,
    REDIS_PREFIX: t.prefix,
    SHOPIFY_API_KEY: apiKey,
    SHOPIFY_API_SECRET: apiSecret,
    SHOPIFY_SIM_URL: sim.url,
    STORAGE_DIR: storageDir,
    LOG_LEVEL: "silent",
  });
  await app.warm();
  const runtime = new WorkerRuntime(
    { [QUEUE.shopifyWebhooks]: recordingWebhookEvents(t.ctx.db, options.handlers(t.ctx)) },
    { connection: createRedis(t.env.REDIS_URL, { forWorker: true }), prefix: t.prefix, log: t.ctx.log },
  ).start();
  return {
    t,
    sim,
    storageDir,
    async close() {
      restoreEnv();
      await runtime.stop(1_000);
      await sim.close();
      await app.close();
      await t.cleanup();
      await rm(storageDir, { recursive: true, force: true });
    },
  };
}
