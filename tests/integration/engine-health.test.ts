/**
 * Provider health on real Redis: the breaker opens on a high error rate over the sliding window,
 * the router then skips the model (recording why), after the cooldown exactly one probe is let
 * through across all workers, and its result closes or re-opens the breaker. Concurrency slots
 * cap a model's in-flight jobs across workers.
 */
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { ModelHealth } from "../../app/engine/health";
import { chooseModel } from "../../app/engine/routing";
import { createRegistry } from "../../app/providers/registry/index";
import { deletePrefix, TEST_REDIS_URL, testPrefix } from "../support/harness";
import { testRegistry } from "./engine-registry";

const prefix = testPrefix();
const redis = new Redis(TEST_REDIS_URL);
afterAll(async () => {
  redis.disconnect();
  await deletePrefix(prefix);
});

const options = { windowMs: 60_000, minSamples: 4, errorRateToOpen: 0.5, cooldownMs: 1_000, probeTimeoutMs: 5_000 };
const registry = createRegistry(testRegistry());

describe("circuit breaker", () => {
  it("opens on errors, is skipped by routing, lets one probe through after the cooldown, and closes on its success", async () => {
    const health = new ModelHealth(redis, prefix, options);
    const t0 = Date.now();
    await health.record("flux-2-pro", { ok: true, latencyMs: 900 }, t0);
    for (let i = 1; i <= 2; i++) await health.record("flux-2-pro", { ok: false, latencyMs: 30_000 }, t0 + i);
    expect(await health.state("flux-2-pro", t0 + 3)).toBe("closed"); // 3 samples: not enough evidence yet
    await health.record("flux-2-pro", { ok: false, latencyMs: 30_000 }, t0 + 4);
    expect(await health.state("flux-2-pro", t0 + 5)).toBe("open");
    expect(await health.snapshot("flux-2-pro", t0 + 5)).toMatchObject({ samples: 4, errorRate: 0.75, state: "open" });

    const route = await chooseModel(registry, health, { capability: "enhancement", triedModelIds: [], creditsReserved: 2, slotToken: "g1.1" });
    expect(route.model?.id).toBe("flux-kontext-pro-fal");
    expect(route.skipped).toEqual([{ modelId: "flux-2-pro", provider: "replicate", reason: "breaker_open" }]);

    const later = t0 + 1_500;
    expect(await health.state("flux-2-pro", later)).toBe("half_open");
    const probes = await Promise.all([new ModelHealth(redis, prefix, options), new ModelHealth(redis, prefix, options), health].map((h) => h.admit("flux-2-pro", later)));
    expect(probes.filter(Boolean)).toHaveLength(1);
    await health.record("flux-2-pro", { ok: true, latencyMs: 800 }, later + 10);
    expect(await health.state("flux-2-pro", later + 20)).toBe("closed");
    expect(await health.admit("flux-2-pro", later + 20)).toBe(true);
  });

  it("re-opens when the half-open probe fails", async () => {
    const health = new ModelHealth(redis, prefix, options);
    const t0 = Date.now();
    for (let i = 0; i < 4; i++) await health.record("sdxl", { ok: false, latencyMs: 100 }, t0 + i);
    const later = t0 + 1_500;
    expect(await health.admit("sdxl", later)).toBe(true);
    await health.record("sdxl", { ok: false, latencyMs: 100 }, later + 1);
    expect(await health.state("sdxl", later + 2)).toBe("open");
    expect(await health.admit("sdxl", later + 2)).toBe(false);
  });

  it("caps a model's concurrent jobs across workers and frees the slot when a job ends", async () => {
    const a = new ModelHealth(redis, prefix, options);
    const b = new ModelHealth(redis, prefix, options);
    expect(await a.acquireSlot("birefnet", "g1.1", 2, 10_000)).toBe(true);
    expect(await b.acquireSlot("birefnet", "g2.1", 2, 10_000)).toBe(true);
    expect(await b.acquireSlot("birefnet", "g3.1", 2, 10_000)).toBe(false);
    expect(await a.acquireSlot("birefnet", "g1.1", 2, 10_000)).toBe(true); // the same holder again is not a new slot
    await a.releaseSlot("birefnet", "g1.1");
    expect(await b.acquireSlot("birefnet", "g3.1", 2, 10_000)).toBe(true);
    // A slot whose holder crashed expires.
    expect(await b.acquireSlot("birefnet", "g4.1", 2, 10_000, Date.now() + 20_000)).toBe(true);
  });
});
