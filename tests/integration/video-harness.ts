/**
 * Everything a product-video integration test needs, all real: a private PostgreSQL database and
 * Redis prefix, the store simulator with a connected shop (its products' photos are what the
 * providers fetch), the Replicate, fal and OpenAI simulators behind the real adapters, the
 * production model registry (its video models, chain and credits), local storage, and a BullMQ
 * worker running the generation (and multi-photo video), poll, publish and revert jobs. Webhooks go nowhere: provider jobs finish
 * through the engine's polling, which is what it falls back on in production.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Generation, GenerationStatus, Shop } from "@prisma/client";
import { grantCredits } from "../../app/billing/ledger.server";
import type { EngineContext } from "../../app/engine/context";
import { analyseHandler } from "../../app/jobs/analyse";
import { generateHandler } from "../../app/jobs/generate";
import { MULTI_PHOTO_VIDEO_JOB, multiPhotoVideoHandler } from "../../app/jobs/multi-photo-video";
import { pollHandler } from "../../app/jobs/poll";
import { publishHandler } from "../../app/jobs/publish";
import { QUEUE } from "../../app/jobs/queues";
import { revertHandler } from "../../app/jobs/revert";
import { WorkerRuntime } from "../../app/jobs/runtime.server";
import { validateHandler } from "../../app/jobs/validate";
import type { MediaContext } from "../../app/models/media.server";
import { createProviders } from "../../app/providers/index";
import { createRegistry } from "../../app/providers/registry/index";
import { registryConfig } from "../../app/providers/registry/models";
import { offlineAdminGraphql } from "../../app/shopify/admin-client.server";
import type { AdminGraphql } from "../../app/shopify/graphql-client.server";
import { resetFaults, setFaults } from "../../sim/faults/control";
import type { FaultConfig } from "../../sim/faults/engine";
import { startFalSim, type FalSim } from "../../sim/fal/server";
import { startOpenAISim, type OpenAISim } from "../../sim/openai/server";
import { startReplicateSim, type ReplicateSim } from "../../sim/replicate/server";
import type { ShopifySim } from "../../sim/shopify/server";
import { createTestContext, TEST_REDIS_URL, type TestContext } from "../support/harness";
import { balanceSettlesAt, FAST_LATENCY, shopBalance, waitForGeneration } from "./engine-harness";
import { connectShop, productGids, startSim } from "./shopify-fixtures";

const RETRY = { baseDelayMs: 50, maxDelayMs: 3_000, timeoutMs: 10_000 };

export type VideoProvider = "replicate" | "fal" | "openai";

export interface VideoHarness {
  t: TestContext;
  ctx: EngineContext & MediaContext;
  shop: Shop;
  domain: string;
  sim: ShopifySim;
  admin: AdminGraphql;
  productIds: string[];
  /** Base URLs of the provider simulators (to read back what a provider was sent). */
  providerUrls: Record<VideoProvider, string>;
  waitFor(generationId: string, statuses?: GenerationStatus[], timeoutMs?: number): Promise<Generation>;
  faults(provider: VideoProvider, patch: Partial<FaultConfig>): Promise<void>;
  resetFaults(): Promise<void>;
  balance(): Promise<number>;
  balanceSettlesAt(expected: number, timeoutMs?: number): Promise<number>;
  close(): Promise<void>;
}

export async function startVideoHarness(options: { domain: string; products?: number; credits?: number }): Promise<VideoHarness> {
  const secret = "video-test-secret-0123456789abcdef";
  const storageDir = await mkdtemp(join(tmpdir(), "glint-video-"));
  const sim = await startSim("video-key", secret);
  const [t, replicate, fal, openai] = await Promise.all([
    createTestContext({ SHOPIFY_SIM_URL: sim.url, STORAGE_DIR: storageDir, SHOPIFY_API_SECRET: secret }),
    startReplicateSim({ seed: 7, faults: { defaults: FAST_LATENCY } }),
    startFalSim({ seed: 7, faults: { defaults: FAST_LATENCY } }),
    startOpenAISim({ seed: 7, faults: { defaults: FAST_LATENCY } }),
  ]);
  const sims: Record<VideoProvider, ReplicateSim | FalSim | OpenAISim> = { replicate, fal, openai };
  const ctx = Object.assign(t.ctx, {
    registry: createRegistry(registryConfig),
    providers: createProviders({
      replicate: { apiToken: "r8_test", baseUrl: `${replicate.url}/v1`, retry: RETRY },
      fal: { apiKey: "fal_test", baseUrl: fal.url, jwksUrl: fal.jwksUrl, retry: RETRY },
      openai: { apiKey: "sk-test", baseUrl: `${openai.url}/v1`, retry: RETRY },
    }),
    engine: {
      ...t.ctx.engine,
      allowOrigins: [sim.url, replicate.url, fal.url, openai.url],
      // Nothing listens here: every job finishes through polling.
      webhookBaseUrl: "http://127.0.0.1:9",
      pollFirstMs: 300,
      pollMaxMs: 800,
      health: { minSamples: 1_000 },
    },
  }) as EngineContext & MediaContext;

  const runtime = new WorkerRuntime(
    {
      [QUEUE.generation]: {
        analyse: analyseHandler(ctx),
        generate: generateHandler(ctx),
        validate: validateHandler(ctx),
        [MULTI_PHOTO_VIDEO_JOB]: multiPhotoVideoHandler(ctx),
      },
      [QUEUE.providerPoll]: { poll: pollHandler(ctx) },
      [QUEUE.publish]: { publish: publishHandler(ctx), revert: revertHandler(ctx) },
    },
    { connection: { url: TEST_REDIS_URL }, prefix: t.prefix, log: ctx.log, defaultConcurrency: 4 },
  ).start();

  const { shop } = await connectShop(ctx, sim, options.domain, options.products ?? 4);
  await grantCredits(ctx.db, { shopId: shop.id, amount: options.credits ?? 500, idempotencyKey: "test-grant", reason: "test" });
  const balance = shopBalance(ctx.db, shop.id);

  return {
    t,
    ctx,
    shop,
    domain: options.domain,
    sim,
    admin: await offlineAdminGraphql(ctx, options.domain),
    productIds: productGids(sim, options.domain),
    providerUrls: { replicate: replicate.url, fal: fal.url, openai: openai.url },
    waitFor: (generationId, statuses, timeoutMs = 60_000) => waitForGeneration(ctx.db, generationId, statuses, timeoutMs),
    async faults(provider, patch) {
      await setFaults(sims[provider].url, patch);
    },
    async resetFaults() {
      await Promise.all(Object.values(sims).map((s) => resetFaults(s.url)));
    },
    balance,
    balanceSettlesAt: (expected, timeoutMs) => balanceSettlesAt(balance, expected, timeoutMs),
    async close() {
      await runtime.stop(2_000);
      await Promise.all(Object.values(sims).map((s) => s.close()));
      await sim.close();
      await t.cleanup();
      await rm(storageDir, { recursive: true, force: true });
    },
  };
}
