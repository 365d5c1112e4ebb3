/**
 * The engine wired exactly as in production, from the environment alone: the shipped registry,
 * the providers built by createProviders from env, GCS storage, and the worker's real handler map
 * (app/jobs/handlers.ts), against all simulators from sim/start.ts. Covers what the other engine
 * tests do not: OpenAI (GPT Image, and Sora video whose webhook URL carries no query string), and
 * outputs landing in Google Cloud Storage.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { buffer } from "node:stream/consumers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grantCredits } from "../../app/billing/ledger.server";
import { parseAttempts } from "../../app/engine/attempts";
import { handleProviderWebhook } from "../../app/engine/webhooks.server";
import { jobHandlers } from "../../app/jobs/handlers";
import { WorkerRuntime } from "../../app/jobs/runtime.server";
import { validateOutput } from "../../app/media/validate";
import { requestGenerations } from "../../app/models/generations.server";
import type { AppContext } from "../../app/context.server";
import { renderProductImage } from "../../sim/shared/product-image";
import { startSimulators, type Simulators } from "../../sim/start";
import { createTestContext, TEST_REDIS_URL, testSecret, type TestContext } from "../support/harness";

let sims: Simulators;
let t: TestContext;
let ctx: AppContext;
let runtime: WorkerRuntime;
let app: Server;
let cdn: Server;
let shopDomain: string;

const listen = (server: Server) => new Promise<string>((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
const close = (server: Server) => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });

beforeAll(async () => {
  // The app's webhook endpoint, answering like the Remix route.
  app = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
    const provider = /^\/webhooks\/providers\/([a-z]+)/.exec(req.url ?? "")?.[1] ?? "";
    const response = await handleProviderWebhook(ctx, provider, new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body: Buffer.concat(chunks) }));
    res.writeHead(response.status).end(await response.text());
  });
  cdn = createServer(async (req, res) => {
    const match = /^\/products\/([a-z]+)-(\d+)\.png$/.exec(req.url ?? "");
    if (!match) return res.writeHead(404).end();
    res.writeHead(200, { "content-type": "image/png" }).end(await renderProductImage({ seed: Number(match[2]), width: 512, height: 512, angle: 0, kind: match[1] }));
  });
  const [appUrl, cdnUrl] = await Promise.all([listen(app), listen(cdn)]);
  const secret = testSecret();
  sims = await startSimulators({
    apiKey: "glint-test-key",
    apiSecret: secret,
    appUrl,
    faults: { defaults: { latency: { medianMs: 150, sigma: 0, coldStartMs: 0, queueMs: 20 } } },
  });
  t = await createTestContext({
    ...sims.appEnv,
    SAFE_DOWNLOAD_ALLOW_ORIGINS: `${sims.appEnv.SAFE_DOWNLOAD_ALLOW_ORIGINS},${cdnUrl}`,
    SHOPIFY_API_SECRET: secret,
    SHOPIFY_APP_URL: appUrl,
    STORAGE_DRIVER: "gcs",
    PROVIDER_POLL_FIRST_MS: "60000",
    PROVIDER_POLL_MAX_MS: "60000",
  });
  ctx = t.ctx;
  runtime = new WorkerRuntime(jobHandlers(ctx), { connection: { url: TEST_REDIS_URL }, prefix: t.prefix, log: ctx.log, defaultConcurrency: 4 }).start();
  const shop = await ctx.db.shop.create({ data: { domain: `wiring-${t.prefix.slice(8, 18)}.myshopify.com` } });
  shopDomain = shop.domain;
  await grantCredits(ctx.db, { shopId: shop.id, amount: 200, idempotencyKey: "test-grant", reason: "test" });
  product = (kind, id) => ({
    shopifyId: `gid://shopify/Product/${id}`,
    title: `Wired ${kind}`,
    handle: `wired-${kind}-${id}`,
    tags: [],
    imageUrl: `${cdnUrl}/products/${kind}-${id}.png`,
  });
}, 60_000);

afterAll(async () => {
  await runtime?.stop(2_000);
  await sims?.close();
  await Promise.all([app && close(app), cdn && close(cdn)]);
  await t?.cleanup();
});

let product: (kind: string, id: number) => { shopifyId: string; title: string; handle: string; tags: string[]; imageUrl: string };

async function finished(id: string, timeoutMs = 45_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const generation = await ctx.db.generation.findUniqueOrThrow({ where: { id } });
    if (["ready_for_review", "failed", "cancelled"].includes(generation.status)) return generation;
    if (Date.now() > deadline) throw new Error(`still ${generation.status}: ${JSON.stringify(generation.attempts)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

describe("engine wired from the environment", () => {
  it("runs GPT Image through the OpenAI adapter and keeps original and output in GCS", async () => {
    expect(ctx.storage.driver).toBe("gcs");
    const { generations } = await requestGenerations(ctx, { shopDomain, productIds: ["gid://shopify/Product/301"], products: [product("mug", 301)], style: "lifestyle", modelId: "gpt-image-1" });
    const done = await finished(generations[0].id);
    expect(done).toMatchObject({ status: "ready_for_review", modelId: "gpt-image-1", provider: "openai", creditsReserved: 7 });
    const [output, original] = await Promise.all([
      ctx.db.asset.findUniqueOrThrow({ where: { id: done.outputAssetId! } }),
      ctx.db.asset.findUniqueOrThrow({ where: { id: done.sourceAssetId! } }),
    ]);
    expect(await ctx.storage.exists(output.storageKey)).toBe(true);
    const bytes = await buffer(await ctx.storage.get(output.storageKey));
    const recheck = await validateOutput(bytes, { kind: "image", original: await buffer(await ctx.storage.get(original.storageKey)) });
    expect(recheck.sha256).toBe(output.checksum);
  });

  it("runs Sora 2 text-to-video to a validated MP4 (OpenAI's webhook carries no generation id)", async () => {
    const { generations } = await requestGenerations(ctx, { shopDomain, productIds: ["gid://shopify/Product/302"], products: [product("bottle", 302)], capability: "text_to_video", modelId: "sora-2", options: { durationSeconds: 4 } });
    const done = await finished(generations[0].id, 60_000);
    expect(done).toMatchObject({ status: "ready_for_review", modelId: "sora-2", provider: "openai", creditsReserved: 20 });
    const output = await ctx.db.asset.findUniqueOrThrow({ where: { id: done.outputAssetId! } });
    expect(output).toMatchObject({ mimeType: "video/mp4" });
    expect(parseAttempts(done.attempts)[0]).toMatchObject({ outcome: "succeeded", completedVia: "webhook" });
  });

  it("runs the shipped enhancement chain (FLUX.2 pro on Replicate)", async () => {
    const { generations, creditsEach } = await requestGenerations(ctx, { shopDomain, productIds: ["gid://shopify/Product/303"], products: [product("shoe", 303)], capability: "enhancement", modelId: "flux-2-pro" });
    expect(creditsEach).toBe(2);
    const done = await finished(generations[0].id);
    expect(done).toMatchObject({ status: "ready_for_review", modelId: "flux-2-pro", provider: "replicate" });
  });
});
