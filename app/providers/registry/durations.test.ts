import { describe, expect, it } from "vitest";
import { coveringDuration, fitDuration } from "./durations";
import { defaultRegistry, mapGenerationInput } from "./index";

const registry = defaultRegistry();
const sora = registry.get("sora-2");
const veo = registry.get("veo-3.1");
const kling = registry.get("kling-1.6-standard");

describe("fitting a requested video length to a model", () => {
  it("takes the nearest length the model accepts", () => {
    expect([1, 4, 5, 6, 7, 9, 11, 12, 20].map((s) => fitDuration(sora, s))).toEqual([4, 4, 4, 4, 8, 8, 12, 12, 12]);
    expect([3, 5, 7, 8, 10].map((s) => fitDuration(veo, s))).toEqual([4, 4, 6, 8, 8]);
    expect([4, 7, 8, 12].map((s) => fitDuration(kling, s))).toEqual([5, 5, 10, 10]);
  });

  it("halfway between two lengths, picks the shorter", () => {
    expect(fitDuration(sora, 6)).toBe(4);
    expect(fitDuration(sora, 10)).toBe(8);
    expect(fitDuration(veo, 5)).toBe(4);
    expect(fitDuration({ durations: [5, 9] }, 7)).toBe(5);
  });

  it("sends nothing when no length was asked for or the model takes none", () => {
    expect(fitDuration(sora, undefined)).toBeUndefined();
    expect(fitDuration(registry.get("flux-2-pro"), 5)).toBeUndefined();
  });

  it("a clip that must cover a segment gets the shortest length at least that long", () => {
    expect(coveringDuration(sora, 3)).toBe(4);
    expect(coveringDuration(sora, 5)).toBe(8);
    expect(coveringDuration(kling, 11)).toBe(10);
    expect(coveringDuration(registry.get("flux-2-pro"), 3)).toBeUndefined();
  });
});

describe("each provider receives its own field and spelling", () => {
  const ask = { prompt: "turntable", imageUrls: ["https://x/p.png"], durationSeconds: 10 };

  it("Sora: seconds as a string of 4, 8 or 12", () => {
    expect(mapGenerationInput(sora, ask)).toMatchObject({ seconds: "8" });
  });

  it("Veo 3.1 on fal: duration with an s suffix", () => {
    expect(mapGenerationInput(veo, ask)).toMatchObject({ duration: "8s" });
  });

  it("Kling: a string on fal, a number on Replicate", () => {
    expect(mapGenerationInput(registry.get("kling-1.6-standard-fal"), ask)).toMatchObject({ duration: "10" });
    expect(mapGenerationInput(kling, ask)).toMatchObject({ duration: 10 });
  });

  it("every model in the image-to-video chain gets a length its API accepts", () => {
    for (const model of registry.chain("image_to_video")) {
      for (const seconds of [2, 5, 7, 10, 12]) {
        const fitted = fitDuration(model, seconds);
        expect(model.durations, model.id).toContain(fitted);
      }
    }
  });
});

describe("registry durations", () => {
  it("every model that is sent a duration lists the lengths it accepts", () => {
    for (const model of registry.models) {
      if (model.inputs.durationSeconds) expect(model.durations?.length, model.id).toBeGreaterThan(0);
    }
  });
});
