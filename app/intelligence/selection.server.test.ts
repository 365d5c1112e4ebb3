import { describe, expect, it } from "vitest";
import { seededRandom } from "../../sim/shared";
import { defaultRegistry } from "../providers/registry";
import { armKey, type VerdictCounts } from "./approval-learning.server";
import { EXPLORATION_FLOOR, MIN_VERDICTS, selectModel, type SelectionRequest } from "./selection.server";

const registry = defaultRegistry();

function request(overrides: Partial<SelectionRequest> = {}): SelectionRequest {
  return {
    registry,
    category: "watches",
    style: "detail_macro",
    capability: "enhancement",
    budget: "balanced",
    unavailable: new Set(),
    verdicts: new Map(),
    random: seededRandom(7).next,
    ...overrides,
  };
}

describe("selectModel: rules", () => {
  it.each([
    ["watches", "detail_macro", "enhancement", "flux-2-pro"],
    ["apparel", "on_model", "virtual_model", "kolors-virtual-try-on"],
    ["food", "lifestyle", "scene_generation", "gpt-image-1"],
    ["furniture", "lifestyle", "scene_generation", "flux-kontext-pro"],
    ["cosmetics", "flat_lay", "scene_generation", "bria-background-replace"],
    ["kitchen", "packshot", "background_removal", "bria-remove-background"],
  ] as const)("%s %s → %s", (category, style, capability, modelId) => {
    const choice = selectModel(request({ category, style, capability }));
    expect(choice).toMatchObject({ modelId, strategy: "rules" });
    expect(registry.get(choice.modelId!).capabilities).toContain(capability);
  });

  it("never puts a detail-redrawing model on watches, even on a premium budget", () => {
    const choice = selectModel(request({ budget: "premium" }));
    expect(choice.modelId).not.toBe("gpt-image-1");
  });

  it("economy picks the cheaper model when strengths tie", () => {
    const balanced = selectModel(request({ category: "food", style: "lifestyle", capability: "scene_generation" }));
    const economy = selectModel(request({ category: "food", style: "lifestyle", capability: "scene_generation", budget: "economy" }));
    expect(registry.get(economy.modelId!).credits).toBeLessThan(registry.get(balanced.modelId!).credits);
  });

  it("skips models whose breaker is open", () => {
    const choice = selectModel(request({ unavailable: new Set(["flux-2-pro"]) }));
    expect(choice.modelId).not.toBe("flux-2-pro");
    expect(registry.get(choice.modelId!).capabilities).toContain("enhancement");
  });

  it("stays within the credits already reserved", () => {
    const food = { category: "food", style: "lifestyle", capability: "scene_generation" } as const;
    expect(selectModel(request(food)).modelId).toBe("gpt-image-1");
    const capped = selectModel(request({ ...food, maxCredits: 2 }));
    expect(registry.get(capped.modelId!).credits).toBeLessThanOrEqual(2);
    expect(registry.get(capped.modelId!).capabilities).toContain("scene_generation");
  });

  it("leaves the choice to the engine's fallback chain when every model is down or too dear", () => {
    const all = new Set(registry.chain("virtual_model").map((m) => m.id));
    const down = selectModel(request({ category: "apparel", style: "on_model", capability: "virtual_model", unavailable: all }));
    expect(down.modelId).toBeUndefined();
    expect(down.promptVersion).toBe("on_model@1");
    expect(selectModel(request({ maxCredits: 0 })).modelId).toBeUndefined();
  });

  it("uses the newest active prompt version of the style", () => {
    expect(selectModel(request({ style: "packshot", capability: "background_removal" })).promptVersion).toBe("packshot@2");
  });
});

describe("selectModel: manual choice", () => {
  it("passes a preferred model through when it has the capability", () => {
    expect(selectModel(request({ preferredModelId: "sdxl" }))).toMatchObject({ modelId: "sdxl", strategy: "manual" });
  });

  it("ignores a preferred model that cannot do the capability", () => {
    expect(selectModel(request({ preferredModelId: "real-esrgan" })).strategy).toBe("rules");
    expect(selectModel(request({ preferredModelId: "no-such-model" })).strategy).toBe("rules");
  });
});

describe("selectModel: learning", () => {
  const verdicts = (entries: Array<[string, VerdictCounts]>) =>
    new Map(entries.map(([modelId, counts]) => [armKey(modelId, "detail_macro@1"), counts]));

  function shares(map: Map<string, VerdictCounts>, runs = 400, seed = 42) {
    const random = seededRandom(seed).next;
    const picks = new Map<string, number>();
    for (let i = 0; i < runs; i++) {
      const choice = selectModel(request({ verdicts: map, random }));
      picks.set(choice.modelId!, (picks.get(choice.modelId!) ?? 0) + 1);
    }
    return picks;
  }

  it("stays on the rules until enough verdicts exist", () => {
    const thin = verdicts([["sdxl", { approved: MIN_VERDICTS - 1, rejected: 0, regenerated: 0 }]]);
    expect(selectModel(request({ verdicts: thin })).strategy).toBe("rules");
  });

  it("shifts toward the model merchants approve more per credit", () => {
    // The rules favour flux-2-pro (2 credits); merchants keep rejecting it and approving sdxl (1 credit).
    const map = verdicts([
      ["flux-2-pro", { approved: 4, rejected: 12, regenerated: 6 }],
      ["sdxl", { approved: 18, rejected: 2, regenerated: 1 }],
    ]);
    const picks = shares(map);
    expect(picks.get("sdxl") ?? 0).toBeGreaterThan(300);
    expect(picks.get("flux-2-pro") ?? 0).toBeLessThan(60);
  });

  it("keeps exploring the other arms at about the floor rate", () => {
    // Every arm has data: flux-2-pro is clearly best, the others clearly bad, so only the floor picks them.
    const map = verdicts(
      registry.chain("enhancement").map((m): [string, VerdictCounts] => [
        m.id,
        m.id === "flux-2-pro" ? { approved: 40, rejected: 0, regenerated: 0 } : { approved: 0, rejected: 40, regenerated: 0 },
      ]),
    );
    const picks = shares(map, 1000);
    const others = 1000 - (picks.get("flux-2-pro") ?? 0);
    const arms = registry.chain("enhancement").length;
    // Exploration picks a random arm with probability EXPLORATION_FLOOR; (arms-1)/arms of those are others.
    const expected = 1000 * EXPLORATION_FLOOR * ((arms - 1) / arms);
    expect(others).toBeGreaterThan(expected * 0.5);
    expect(others).toBeLessThan(expected * 2);
  });

  it("is reproducible under the same seed", () => {
    const map = verdicts([
      ["flux-2-pro", { approved: 10, rejected: 10, regenerated: 0 }],
      ["sdxl", { approved: 10, rejected: 10, regenerated: 0 }],
    ]);
    expect([...shares(map, 50, 9)]).toEqual([...shares(map, 50, 9)]);
  });
});
