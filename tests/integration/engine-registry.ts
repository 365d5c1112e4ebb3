/**
 * The registry the engine integration tests run on: real entries from the shipped registry
 * (real provider refs, so the simulators treat them as the real models), with timeouts short
 * enough for a test, and chains across both providers.
 */
import { registryConfig } from "../../app/providers/registry/models";
import type { ModelEntryInput, RegistryConfigInput } from "../../app/providers/registry/schema";

export function shippedModel(id: string, overrides: Partial<ModelEntryInput> = {}): ModelEntryInput {
  const model = registryConfig.models.find((m) => m.id === id);
  if (!model) throw new Error(`no shipped model ${id}`);
  return { ...structuredClone(model), typicalLatencyMs: 300, timeoutMs: 8_000, ...overrides } as ModelEntryInput;
}

export function testRegistry(extra: { models?: ModelEntryInput[]; chains?: Record<string, string[]> } = {}): RegistryConfigInput {
  return {
    creditValueMicroUsd: registryConfig.creditValueMicroUsd,
    models: [
      shippedModel("flux-2-pro", { timeoutMs: 6_000 }),
      shippedModel("flux-kontext-pro-fal"),
      shippedModel("sdxl"),
      shippedModel("bria-background-replace"),
      shippedModel("flux-kontext-pro"),
      shippedModel("bria-remove-background"),
      shippedModel("birefnet"),
      shippedModel("kling-1.6-standard", { timeoutMs: 20_000 }),
      shippedModel("kling-1.6-standard-fal", { timeoutMs: 20_000 }),
      ...(extra.models ?? []),
    ],
    chains: {
      enhancement: ["flux-2-pro", "flux-kontext-pro-fal", "sdxl"],
      scene_generation: ["bria-background-replace", "flux-kontext-pro"],
      background_removal: ["bria-remove-background", "birefnet"],
      image_to_video: ["kling-1.6-standard", "kling-1.6-standard-fal"],
      ...extra.chains,
    },
  };
}
