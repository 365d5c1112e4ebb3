/**
 * The generation pipeline end to end through the real Replicate and fal adapters against their
 * simulators, with real PostgreSQL, Redis, BullMQ and storage: how a generation finishes
 * (webhook, polling when webhooks are lost), how provider trouble is absorbed (429 with
 * Retry-After, 5xx), what a merchant sees when a request is refused (content policy), and the
 * request-side guarantees (a double click makes one generation; cancel releases the credits).
 */
import { buffer } from "node:stream/consumers";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseAttempts } from "../../app/engine/attempts";
import { validateOutput } from "../../app/media/validate";
import { handleProviderWebhook } from "../../app/engine/webhooks.server";
import { cancelGeneration, getGeneration, listGenerations, retryGeneration } from "../../app/models/generations.server";
import { startEngineHarness, type EngineHarness } from "./engine-harness";
import { testRegistry } from "./engine-registry";

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

const FLUX = "black-forest-labs/flux-2-pro";

describe("a generation finishes exactly once", () => {
  it("succeeds via the provider's webhook: stored, validated, ready for review, credits held not charged", async () => {
    const polls = h.ctx.queues["provider-poll"];
    await polls.pause(); // only the webhook can finish it
    const before = await h.balance();
    const { generations, creditsReserved } = await h.request({ productIds: ["gid://shopify/Product/101"], products: [h.product("mug", 101)], style: "studio", modelId: "flux-2-pro" });
    expect(creditsReserved).toBe(2);
    const done = await h.waitFor(generations[0].id);
    await polls.resume();
    expect(done.status).toBe("ready_for_review");
    expect(done).toMatchObject({ modelId: "flux-2-pro", provider: "replicate", creditsReserved: 2, creditsCharged: 0, costMicroUsd: 50_000 });
    expect(done.promptVersion).toMatch(/@\d+$/);
    expect(done.prompt).toBeTruthy();
    const attempts = parseAttempts(done.attempts);
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ n: 1, modelId: "flux-2-pro", outcome: "succeeded", completedVia: "webhook" });
    expect(attempts[0].fidelityScore).toBeGreaterThan(0.7);
    expect(await h.balance()).toBe(before - 2);

    const detail = await getGeneration(h.ctx, { shopDomain: h.shop.domain, generationId: done.id });
    expect(detail?.sourceAsset).toMatchObject({ kind: "original", mimeType: "image/png", width: 512, height: 512 });
    expect(detail?.outputAsset).toMatchObject({ kind: "output", mimeType: "image/png" });
    const stored = await buffer(await h.ctx.storage.get(detail!.outputAsset!.storageKey));
    const original = await h.productImage("mug", 101);
    const recheck = await validateOutput(stored, { kind: "image", original });
    expect(recheck.sha256).toBe(detail!.outputAsset!.checksum);
    expect(detail!.outputAsset!.storageKey).toBe(`shops/${h.shop.id}/output/${recheck.sha256}.png`);
  });

  it("succeeds via polling when every webhook is lost", async () => {
    await h.faults("replicate", { models: { [FLUX]: { faults: { lost_webhook: 1 } } } });
    const { generations } = await h.request({ productIds: ["gid://shopify/Product/102"], products: [h.product("bottle", 102)], style: "studio", modelId: "flux-2-pro" });
    const done = await h.waitFor(generations[0].id);
    expect(done.status).toBe("ready_for_review");
    expect(parseAttempts(done.attempts)[0]).toMatchObject({ outcome: "succeeded", completedVia: "poll" });
  });

  it("finishes once when duplicate webhooks race the poll", async () => {
    h.ctx.engine.pollFirstMs = 150;
    await h.faults("replicate", { models: { [FLUX]: { faults: { duplicate_webhook: 1 }, latency: { medianMs: 600, sigma: 0 } } } });
    const { generations } = await h.request({ productIds: ["gid://shopify/Product/103"], products: [h.product("shoe", 103)], style: "studio", modelId: "flux-2-pro" });
    const done = await h.waitFor(generations[0].id);
    expect(done.status).toBe("ready_for_review");
    const attempts = parseAttempts(done.attempts);
    expect(attempts).toHaveLength(1);
    expect(await h.ctx.db.asset.count({ where: { shopId: h.shop.id, productId: done.productId, kind: "output" } })).toBe(1);
    expect(await h.ctx.queues.generation.getJob(`validate.${done.id}.1`)).toBeTruthy();
    expect(await h.ctx.queues.generation.getJob(`validate.${done.id}.2`)).toBeFalsy();
  });
});

describe("provider trouble is absorbed by the adapters", () => {
  it("waits out a 429 with Retry-After and succeeds on the same model", async () => {
    await h.faults("replicate", { models: { [FLUX]: { retryAfterSeconds: 1, faults: { rate_limit: { rate: 1, times: 1 } } } } });
    const started = Date.now();
    const { generations } = await h.request({ productIds: ["gid://shopify/Product/104"], products: [h.product("bag", 104)], style: "studio", modelId: "flux-2-pro" });
    const done = await h.waitFor(generations[0].id);
    expect(done.status).toBe("ready_for_review");
    expect(parseAttempts(done.attempts)).toMatchObject([{ modelId: "flux-2-pro", outcome: "succeeded" }]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
  });

  it("retries 5xx answers and succeeds on the same model", async () => {
    await h.faults("replicate", { models: { [FLUX]: { faults: { server_error: { rate: 1, times: 2 } } } } });
    // A mug: thin products (watch, ring, bottle) score near the fidelity threshold on some simulated
    // scenes, which this test is not about (fidelity has its own tests).
    const { generations } = await h.request({ productIds: ["gid://shopify/Product/105"], products: [h.product("mug", 105)], style: "studio", modelId: "flux-2-pro" });
    const done = await h.waitFor(generations[0].id);
    expect(done.status).toBe("ready_for_review");
    expect(parseAttempts(done.attempts).map((a) => [a.modelId, a.outcome, a.errorCode])).toEqual([["flux-2-pro", "succeeded", undefined]]);
  });
});

describe("what the merchant sees", () => {
  it("a content-policy refusal fails without fallback, with a plain reason, and the credits come back", async () => {
    const before = await h.balance();
    await h.faults("replicate", { models: { [FLUX]: { faults: { content_policy: 1 } } } });
    const { generations } = await h.request({ productIds: ["gid://shopify/Product/106"], products: [h.product("ring", 106)], style: "studio", modelId: "flux-2-pro" });
    const done = await h.waitFor(generations[0].id);
    expect(done.status).toBe("failed");
    expect(done.errorCode).toBe("content_policy");
    expect(done.errorMessage).toMatch(/content policy/);
    expect(parseAttempts(done.attempts)).toMatchObject([{ modelId: "flux-2-pro", outcome: "failed", errorCode: "content_policy" }]);
    expect(done.outputAssetId).toBeNull();
    expect(await h.balanceSettlesAt(before)).toBe(before);
  });

  it("a failed generation can be retried as a new one, and both show in the list", async () => {
    await h.faults("replicate", { models: { [FLUX]: { faults: { content_policy: { rate: 1, times: 1 } } } } });
    const { generations } = await h.request({ productIds: ["gid://shopify/Product/110"], products: [h.product("bag", 110)], style: "studio", modelId: "flux-2-pro" });
    const failed = await h.waitFor(generations[0].id);
    expect(failed.status).toBe("failed");
    const retried = await retryGeneration(h.ctx, { shopDomain: h.shop.domain, generationId: failed.id });
    const again = await retryGeneration(h.ctx, { shopDomain: h.shop.domain, generationId: failed.id });
    expect(again.generations[0].id).toBe(retried.generations[0].id); // a double click on Retry makes one
    const done = await h.waitFor(retried.generations[0].id);
    expect(done).toMatchObject({ status: "ready_for_review", productId: failed.productId, style: failed.style });
    const listed = await listGenerations(h.ctx, { shopDomain: h.shop.domain, productId: failed.productId });
    expect(listed.map((g) => [g.id, g.status])).toEqual([
      [done.id, "ready_for_review"],
      [failed.id, "failed"],
    ]);
    await expect(retryGeneration(h.ctx, { shopDomain: h.shop.domain, generationId: done.id })).rejects.toMatchObject({ code: "not_retryable" });
  });

  it("a double click makes one generation, one reservation and one job", async () => {
    const before = await h.balance();
    const input = { productIds: ["gid://shopify/Product/107"], products: [h.product("box", 107)], style: "studio", modelId: "flux-2-pro" };
    const [first, second] = await Promise.all([h.request(input), h.request(input)]);
    expect(second.generations[0].id).toBe(first.generations[0].id);
    expect(first.generations[0].existing !== second.generations[0].existing).toBe(true);
    expect(await h.ctx.db.generation.count({ where: { shopId: h.shop.id, product: { shopifyId: "gid://shopify/Product/107" } } })).toBe(1);
    expect(await h.balance()).toBe(before - 2);
    await h.waitFor(first.generations[0].id);
  });

  it("refuses unclear requests with a message the merchant can act on", async () => {
    await expect(h.request({ productIds: ["123"], style: "studio", modelId: "flux-2-pro" })).rejects.toMatchObject({ code: "invalid_request", message: "product ids are Shopify product GIDs" });
    await expect(h.request({ productIds: ["gid://shopify/Product/1"], style: "watercolour" })).rejects.toMatchObject({ code: "invalid_request", message: expect.stringMatching(/Unknown style/) });
    await expect(h.request({ productIds: ["gid://shopify/Product/999"], style: "studio", modelId: "flux-2-pro" })).rejects.toMatchObject({ code: "product_not_found" });
  });

  it("cancelling a running generation cancels the provider job and releases the credits", async () => {
    const before = await h.balance();
    await h.faults("replicate", { models: { [FLUX]: { faults: { job_hang: 1 } } } });
    const { generations } = await h.request({ productIds: ["gid://shopify/Product/108"], products: [h.product("phone", 108)], style: "studio", modelId: "flux-2-pro" });
    const id = generations[0].id;
    const deadline = Date.now() + 15_000;
    while (!(await h.ctx.db.generation.findUniqueOrThrow({ where: { id } })).providerJobId && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const running = await h.ctx.db.generation.findUniqueOrThrow({ where: { id } });
    expect(running.status).toBe("generating");
    const cancelled = await cancelGeneration(h.ctx, { shopDomain: h.shop.domain, generationId: id });
    expect(cancelled).toMatchObject({ status: "cancelled", errorMessage: expect.stringMatching(/Cancelled by you/) });
    const prediction = await fetch(`${h.replicate.url}/v1/predictions/${running.providerJobId}`, { headers: { authorization: "Bearer r8_test" } }).then((r) => r.json());
    expect(prediction.status).toBe("canceled");
    expect(await h.balanceSettlesAt(before)).toBe(before);
    await expect(cancelGeneration(h.ctx, { shopDomain: h.shop.domain, generationId: id })).rejects.toMatchObject({ code: "not_cancellable" });
  });
});

describe("provider webhooks", () => {
  it("refuses unsigned or forged deliveries and unknown providers without touching any generation", async () => {
    h.ctx.engine.pollFirstMs = 20_000;
    await h.faults("replicate", { models: { [FLUX]: { faults: { job_hang: 1 } } } });
    const { generations } = await h.request({ productIds: ["gid://shopify/Product/109"], products: [h.product("mug", 109)], style: "studio", modelId: "flux-2-pro" });
    const id = generations[0].id;
    let running = await h.ctx.db.generation.findUniqueOrThrow({ where: { id } });
    for (let i = 0; i < 100 && !running.providerJobId; i++) {
      await new Promise((r) => setTimeout(r, 50));
      running = await h.ctx.db.generation.findUniqueOrThrow({ where: { id } });
    }
    const forged = JSON.stringify({ id: running.providerJobId, status: "succeeded", output: "http://169.254.169.254/latest" });
    const post = (provider: string, headers: Record<string, string>) =>
      handleProviderWebhook(h.ctx, provider, new Request(`http://app/webhooks/providers/${provider}?generation=${id}&attempt=1`, { method: "POST", headers, body: forged }));
    const now = String(Math.floor(Date.now() / 1000));
    expect((await post("replicate", {})).status).toBe(401);
    expect((await post("replicate", { "webhook-id": "msg_x", "webhook-timestamp": now, "webhook-signature": "v1,AAAA" })).status).toBe(401);
    expect((await post("acme", {})).status).toBe(404);
    const after = await h.ctx.db.generation.findUniqueOrThrow({ where: { id } });
    expect(after.status).toBe("generating");
    await cancelGeneration(h.ctx, { shopDomain: h.shop.domain, generationId: id });
  });
});
