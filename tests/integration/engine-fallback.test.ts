/**
 * Fallback chains and output validation end to end (real adapters, simulators, PostgreSQL, Redis,
 * storage): a hung job times out and the next model runs; blank, corrupt, truncated and
 * altered-product outputs are rejected with their reason and rerouted; when the whole chain
 * fails the merchant gets a plain reason and the credits back; a model added purely by
 * configuration runs end to end; and no bad output ever reaches ready_for_review.
 */
import { buffer } from "node:stream/consumers";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseAttempts } from "../../app/engine/attempts";
import { validateOutput } from "../../app/media/validate";
import { startEngineHarness, type EngineHarness } from "./engine-harness";
import { shippedModel, testRegistry } from "./engine-registry";

const FLUX = "black-forest-labs/flux-2-pro";
const KONTEXT_FAL = "fal-ai/flux-pro/kontext";
const SDXL = "stability-ai/sdxl";

let h: EngineHarness;
beforeAll(async () => {
  h = await startEngineHarness({
    registry: testRegistry({
      models: [
        // Added by configuration only: a model the shipped registry does not know.
        shippedModel("real-esrgan", {
          id: "acme-crisp-upscaler",
          displayName: "Acme Crisp Upscaler",
          modelRef: "acme/crisp-upscaler",
          version: "ab".repeat(32),
          inputs: { image: "img", constants: { scale: 2 } },
          credits: 1,
          usdCostMicro: 3_000,
        }),
      ],
      chains: { upscale: ["acme-crisp-upscaler"] },
    }),
  });
});
afterAll(() => h.close());
afterEach(async () => {
  await h.resetFaults();
});

let productId = 200;
const nextProduct = (kind: string) => {
  productId += 1;
  return { productIds: [`gid://shopify/Product/${productId}`], products: [h.product(kind, productId)] };
};
const enhance = (kind: string) => h.request({ ...nextProduct(kind), style: "studio", modelId: "flux-2-pro" });

describe("fallback chains", () => {
  it("a hung job times out, is cancelled at the provider, and the next model in the chain delivers", async () => {
    await h.faults("replicate", { models: { [FLUX]: { faults: { job_hang: 1 } } } });
    const { generations } = await enhance("mug");
    const done = await h.waitFor(generations[0].id, undefined, 40_000);
    expect(done).toMatchObject({ status: "ready_for_review", modelId: "flux-kontext-pro-fal", provider: "fal" });
    const [first, second] = parseAttempts(done.attempts);
    expect(first).toMatchObject({ modelId: "flux-2-pro", outcome: "failed", errorCode: "timeout" });
    expect(second).toMatchObject({ modelId: "flux-kontext-pro-fal", outcome: "succeeded" });
    const prediction = await fetch(`${h.replicate.url}/v1/predictions/${first.providerJobId}`, { headers: { authorization: "Bearer r8_test" } }).then((r) => r.json());
    expect(prediction.status).toBe("canceled");
  });

  it("a provider that stays down falls back to the next provider", async () => {
    await h.faults("replicate", { models: { [FLUX]: { faults: { server_error: 1 } } } });
    const { generations } = await enhance("bag");
    const done = await h.waitFor(generations[0].id, undefined, 40_000);
    expect(done).toMatchObject({ status: "ready_for_review", provider: "fal" });
    expect(parseAttempts(done.attempts)[0]).toMatchObject({ modelId: "flux-2-pro", outcome: "failed", errorCode: "provider_unavailable" });
  });

  it("never tries a model that costs more credits than were reserved, and records the skip", async () => {
    // Pricing follows the merchant's pick (1-credit sdxl); the 2-credit models in the chain must be skipped.
    await h.faults("replicate", { models: { [SDXL]: { faults: { job_failure: 1 } } } });
    const { generations, creditsReserved } = await h.request({ ...nextProduct("box"), style: "studio", modelId: "sdxl" });
    expect(creditsReserved).toBe(1);
    const done = await h.waitFor(generations[0].id);
    expect(done.status).toBe("failed");
    const attempts = parseAttempts(done.attempts);
    expect(attempts.filter((a) => a.outcome !== "skipped").map((a) => a.modelId)).toEqual(["sdxl"]);
    expect(attempts.filter((a) => a.outcome === "skipped")).toEqual(
      expect.arrayContaining([expect.objectContaining({ modelId: "flux-2-pro", skipReason: "over_budget" }), expect.objectContaining({ modelId: "flux-kontext-pro-fal", skipReason: "over_budget" })]),
    );
  });
});

describe("output validation reroutes bad results", () => {
  it.each([
    ["blank_image", "blank"],
    ["uniform_image", "blank"],
    ["truncated_file", "corrupt"],
    ["corrupt_file", "corrupt"],
    ["altered_product", "product_altered"],
  ] as const)("%s is rejected (%s) and the next model delivers", async (fault, reason) => {
    await h.faults("replicate", { models: { [FLUX]: { faults: { [fault]: 1 } } } });
    const { generations } = await enhance("shirt");
    const done = await h.waitFor(generations[0].id, undefined, 40_000);
    expect(done).toMatchObject({ status: "ready_for_review", modelId: "flux-kontext-pro-fal" });
    const [first] = parseAttempts(done.attempts);
    expect(first).toMatchObject({ modelId: "flux-2-pro", outcome: "rejected", errorCode: `output_invalid:${reason}` });
    if (reason === "product_altered") expect(first.fidelityScore).toBeLessThan(0.7);
  });

  it("when every model in the chain returns bad output, the generation fails plainly and the credits come back", async () => {
    const before = await h.balance();
    await h.faults("replicate", { models: { [FLUX]: { faults: { blank_image: 1 } }, [SDXL]: { faults: { altered_product: 1 } } } });
    await h.faults("fal", { models: { [KONTEXT_FAL]: { faults: { corrupt_file: 1 } } } });
    const { generations } = await enhance("chair");
    const done = await h.waitFor(generations[0].id, undefined, 40_000);
    expect(done).toMatchObject({ status: "failed", errorCode: "output_invalid", outputAssetId: null });
    expect(done.errorMessage).toMatch(/could not produce a result good enough/);
    expect(parseAttempts(done.attempts).map((a) => [a.modelId, a.outcome, a.errorCode])).toEqual([
      ["flux-2-pro", "rejected", "output_invalid:blank"],
      ["flux-kontext-pro-fal", "rejected", "output_invalid:corrupt"],
      ["sdxl", "rejected", "output_invalid:product_altered"],
    ]);
    expect(await h.balanceSettlesAt(before)).toBe(before);
  });
});

describe("models are configuration", () => {
  it("a model added only to the registry config runs end to end", async () => {
    const { generations, modelId, creditsEach } = await h.request({ ...nextProduct("watch"), capability: "upscale" });
    expect({ modelId, creditsEach }).toEqual({ modelId: "acme-crisp-upscaler", creditsEach: 1 });
    const done = await h.waitFor(generations[0].id);
    expect(done).toMatchObject({ status: "ready_for_review", modelId: "acme-crisp-upscaler", provider: "replicate", costMicroUsd: 3_000 });
    const prediction = await fetch(`${h.replicate.url}/v1/predictions/${done.providerJobId}`, { headers: { authorization: "Bearer r8_test" } }).then((r) => r.json());
    expect(prediction.version).toBe("ab".repeat(32));
    expect(prediction.input).toMatchObject({ img: expect.stringContaining("/products/watch-"), scale: 2 });
  });

  it("image-to-video runs through the video chain and stores a validated clip", async () => {
    const { generations } = await h.request({ ...nextProduct("bottle"), style: "turntable_video", capability: "image_to_video", options: { durationSeconds: 2 } });
    const done = await h.waitFor(generations[0].id, undefined, 50_000);
    expect(done).toMatchObject({ status: "ready_for_review", modelId: "kling-1.6-standard" });
    const asset = await h.ctx.db.asset.findUniqueOrThrow({ where: { id: done.outputAssetId! } });
    expect(asset).toMatchObject({ kind: "output", mimeType: "video/mp4" });
    expect(asset.durationMs).toBeGreaterThan(900);
  });
});

describe("the invariant", () => {
  it("no blank, corrupt or altered-product output reached ready_for_review in any test of this file", async () => {
    const ready = await h.ctx.db.generation.findMany({ where: { shopId: h.shop.id, status: "ready_for_review" } });
    expect(ready.length).toBeGreaterThanOrEqual(8);
    for (const generation of ready) {
      const output = await h.ctx.db.asset.findUniqueOrThrow({ where: { id: generation.outputAssetId! } });
      const original = await h.ctx.db.asset.findUniqueOrThrow({ where: { id: generation.sourceAssetId! } });
      const bytes = await buffer(await h.ctx.storage.get(output.storageKey));
      const kind = output.mimeType.startsWith("video/") ? "video" : "image";
      const model = h.ctx.registry.get(generation.modelId!);
      const recheck = await validateOutput(bytes, {
        kind,
        original: kind === "image" && model.checkFidelity ? await buffer(await h.ctx.storage.get(original.storageKey)) : undefined,
      });
      expect(recheck.sha256).toBe(output.checksum);
    }
  });
});
