/**
 * Stalled generations recover: a lost analyse job and a lost poll chain are re-driven by the
 * recovery sweep, and a generation stuck past its patience is failed plainly with its credits
 * released and its provider job cancelled. Real adapters, simulators, PostgreSQL and Redis.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseAttempts } from "../../app/engine/attempts";
import { recoverStalledGenerations } from "../../app/engine/recover.server";
import { startAttempt } from "../../app/engine/start.server";
import { startEngineHarness, type EngineHarness } from "./engine-harness";
import { testRegistry } from "./engine-registry";

const FLUX = "black-forest-labs/flux-2-pro";
let h: EngineHarness;
beforeAll(async () => {
  h = await startEngineHarness({ registry: testRegistry() });
});
afterAll(() => h.close());
afterEach(async () => {
  h.ctx.engine.pollFirstMs = 400;
  await Promise.all([h.ctx.queues.generation.resume(), h.ctx.queues["provider-poll"].resume()]);
  await h.resetFaults();
});

const later = (ms: number) => new Date(Date.now() + ms);

async function untilProviderJob(id: string) {
  for (let i = 0; i < 200; i++) {
    const generation = await h.ctx.db.generation.findUniqueOrThrow({ where: { id } });
    if (generation.providerJobId) return generation;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("provider job never started");
}

describe("recovery of stalled generations", () => {
  it("re-drives a generation whose analyse job was lost", async () => {
    const queue = h.ctx.queues.generation;
    await queue.pause();
    const { generations } = await h.request({ productIds: ["gid://shopify/Product/401"], products: [h.product("mug", 401)], style: "studio", modelId: "flux-2-pro" });
    const id = generations[0].id;
    await queue.remove(`analyse.${id}`);
    await queue.resume();
    expect((await h.ctx.db.generation.findUniqueOrThrow({ where: { id } })).status).toBe("pending");
    const result = await recoverStalledGenerations(h.ctx, { now: later(60_000), stallMs: 30_000 });
    expect(result.redriven).toContain(id);
    expect((await h.waitFor(id)).status).toBe("ready_for_review");
  });

  it("moves on when the worker died after recording an attempt but before the provider answered", async () => {
    const queue = h.ctx.queues.generation;
    await queue.pause();
    const { generations } = await h.request({ productIds: ["gid://shopify/Product/404"], products: [h.product("mug", 404)], style: "studio" });
    const id = generations[0].id;
    await queue.remove(`analyse.${id}`);
    // What a SIGKILL between the two writes leaves behind: attempt 1 running, no provider job id.
    const attempt = { n: 1, modelId: "flux-2-pro", provider: "replicate", outcome: "running", jobId: `generate.${id}.1`, startedAt: new Date().toISOString() };
    await h.ctx.db.generation.update({ where: { id }, data: { status: "generating", modelId: "flux-2-pro", provider: "replicate", attempts: [attempt] } });
    // BullMQ hands the stalled job to another worker: the same attempt number comes back.
    await startAttempt(h.ctx, id, 1, { signal: new AbortController().signal, jobId: `generate.${id}.1`, finalTry: false });
    await queue.resume();
    const done = await h.waitFor(id);
    expect(done.status).toBe("ready_for_review");
    const attempts = parseAttempts(done.attempts).filter((a) => a.outcome !== "skipped");
    expect(attempts[0]).toMatchObject({ n: 1, modelId: "flux-2-pro", outcome: "failed" });
    expect(attempts.at(-1)?.n).toBeGreaterThan(1);
  });

  it("finishes an attempt whose webhook and poll chain were both lost", async () => {
    await h.faults("replicate", { models: { [FLUX]: { faults: { lost_webhook: 1 } } } });
    const polls = h.ctx.queues["provider-poll"];
    await polls.pause();
    const { generations } = await h.request({ productIds: ["gid://shopify/Product/402"], products: [h.product("bottle", 402)], style: "studio", modelId: "flux-2-pro" });
    const id = generations[0].id;
    await untilProviderJob(id);
    await new Promise((r) => setTimeout(r, 1_000)); // the provider has finished by now
    await polls.remove(`poll.${id}.1.0`);
    const result = await recoverStalledGenerations(h.ctx, { now: later(60_000), stallMs: 30_000 });
    await polls.resume();
    expect(result.redriven).toContain(id);
    const done = await h.waitFor(id);
    expect(done.status).toBe("ready_for_review");
    expect(parseAttempts(done.attempts)[0]).toMatchObject({ outcome: "succeeded", completedVia: "poll" });
  });

  it("gives up on a generation stuck past its patience: failed plainly, provider job cancelled, credits back", async () => {
    h.ctx.engine.pollFirstMs = 60_000;
    const before = await h.balance();
    await h.faults("replicate", { models: { [FLUX]: { faults: { job_hang: 1 } } } });
    const { generations } = await h.request({ productIds: ["gid://shopify/Product/403"], products: [h.product("shoe", 403)], style: "studio", modelId: "flux-2-pro" });
    const id = generations[0].id;
    const running = await untilProviderJob(id);
    const result = await recoverStalledGenerations(h.ctx, { now: later(3 * 3600_000) });
    expect(result.failed).toContain(id);
    const failed = await h.ctx.db.generation.findUniqueOrThrow({ where: { id } });
    expect(failed).toMatchObject({ status: "failed", errorCode: "stalled", errorMessage: expect.stringMatching(/got stuck/) });
    expect(await h.balanceSettlesAt(before)).toBe(before);
    const prediction = await fetch(`${h.replicate.url}/v1/predictions/${running.providerJobId}`, { headers: { authorization: "Bearer r8_test" } }).then((r) => r.json());
    expect(prediction.status).toBe("canceled");
  });
});
