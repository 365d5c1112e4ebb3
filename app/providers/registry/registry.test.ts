import { describe, expect, it } from "vitest";
import { CAPABILITIES, createRegistry, defaultRegistry, mapGenerationInput, RegistryError } from "./index";
import { registryConfig } from "./models";
import type { RegistryConfigInput } from "./schema";

describe("shipped model registry", () => {
  const registry = defaultRegistry();

  it("has 30+ models across image and video, every one priced in credits and micro-dollars", () => {
    expect(registry.models.length).toBeGreaterThanOrEqual(30);
    expect(registry.models.some((m) => m.outputKind === "image")).toBe(true);
    expect(registry.models.some((m) => m.outputKind === "video")).toBe(true);
    for (const model of registry.models) {
      expect(model.capabilities.length, model.id).toBeGreaterThan(0);
      expect(Number.isInteger(model.credits) && model.credits > 0, model.id).toBe(true);
      expect(Number.isInteger(model.usdCostMicro) && model.usdCostMicro > 0, model.id).toBe(true);
      expect(model.timeoutMs, model.id).toBeGreaterThanOrEqual(model.typicalLatencyMs);
    }
  });

  it("keeps the seed's prices", () => {
    const price = (id: string) => ({ credits: registry.get(id).credits, usd: registry.get(id).usdCostMicro });
    expect(price("flux-2-pro")).toEqual({ credits: 2, usd: 50_000 });
    expect(price("kling-1.6-standard")).toEqual({ credits: 5, usd: 130_000 });
    expect(price("sora-2")).toEqual({ credits: 20, usd: 500_000 });
    expect(price("veo-3.1")).toEqual({ credits: 25, usd: 650_000 });
  });

  it("declares a chain for every capability, each naming existing models that have that capability", () => {
    for (const capability of CAPABILITIES) {
      const chain = registry.chain(capability);
      expect(chain.length, capability).toBeGreaterThan(0);
      for (const model of chain) expect(model.capabilities, `${capability}: ${model.id}`).toContain(capability);
    }
    expect(registry.chain("enhancement").map((m) => `${m.id}@${m.provider}`).slice(0, 3)).toEqual([
      "flux-2-pro@replicate",
      "flux-kontext-pro-fal@fal",
      "sdxl@replicate",
    ]);
  });

  it("pins Replicate community models to a version", () => {
    for (const id of ["real-esrgan", "clarity-upscaler", "sdxl", "idm-vton"]) {
      expect(registry.get(id).version, id).toMatch(/^[0-9a-f]{64}$/);
    }
  });
});

describe("registry validation", () => {
  const base = registryConfig as RegistryConfigInput;
  const broken = (patch: (c: RegistryConfigInput) => RegistryConfigInput) => () => createRegistry(patch(structuredClone(base)));

  it("rejects a chain naming a missing model, by name", () => {
    expect(broken((c) => ({ ...c, chains: { ...c.chains, upscale: ["real-esrgan", "no-such-model"] } }))).toThrow(
      /chain "upscale" names model "no-such-model", which is not in the registry/,
    );
  });

  it("rejects a duplicate id and an unknown capability", () => {
    expect(broken((c) => ({ ...c, models: [...c.models, { ...c.models[0] }] }))).toThrow(/duplicate model id "flux-2-pro"/);
    expect(
      broken((c) => ({ ...c, models: [{ ...c.models[0], capabilities: ["teleportation" as never] }, ...c.models.slice(1)] })),
    ).toThrow(RegistryError);
    expect(broken((c) => ({ ...c, chains: { ...c.chains, teleportation: ["sdxl"] } }))).toThrow(/unknown capability "teleportation"/);
  });

  it("rejects a video model that is sent a duration without listing the lengths it accepts", () => {
    const soraIndex = base.models.findIndex((m) => m.id === "sora-2");
    const withDurations = (durations: number[] | undefined) =>
      broken((c) => ({ ...c, models: c.models.map((m, i) => (i === soraIndex ? { ...m, durations } : m)) }));
    expect(withDurations(undefined)).toThrow(/\(sora-2\)\.durations: a model that is sent a duration must list/);
    expect(withDurations([8, 4])).toThrow(/shortest first/);
  });

  it("rejects fractional credits and names the model", () => {
    expect(broken((c) => ({ ...c, models: [{ ...c.models[0], credits: 1.5 }, ...c.models.slice(1)] }))).toThrow(
      /models\[0\] \(flux-2-pro\)\.credits/,
    );
  });
});

describe("input mapping", () => {
  const registry = defaultRegistry();

  it("maps fields to each provider's keys, formats durations, and drops what the model does not take", () => {
    const input = { prompt: "studio shot", imageUrls: ["https://x/p.png"], durationSeconds: 8, aspectRatio: "1:1", width: 1024 };
    expect(mapGenerationInput(registry.get("veo-3.1"), input)).toEqual({
      prompt: "studio shot",
      image_url: "https://x/p.png",
      duration: "8s",
      generate_audio: false,
      resolution: "720p",
    });
    expect(mapGenerationInput(registry.get("flux-2-pro"), input)).toEqual({
      prompt: "studio shot",
      input_images: ["https://x/p.png"],
      aspect_ratio: "1:1",
      output_format: "png",
    });
    expect(mapGenerationInput(registry.get("real-esrgan"), { ...input, extra: { scale: 2 } })).toEqual({
      image: "https://x/p.png",
      scale: 2,
      face_enhance: false,
    });
  });
});
