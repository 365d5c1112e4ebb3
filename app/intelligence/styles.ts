/**
 * The styles a merchant can request (the generation engine's vocabulary) and how each maps onto a
 * shot style (which picks the prompt template family and the category judgement) and a default
 * capability. The five shot styles map onto themselves; "studio" and "turntable_video" reuse a
 * shot style with a different capability.
 */
import type { Capability } from "../providers/types";
import type { ShotStyle } from "./analysis-schema";

export const GENERATION_STYLES = {
  packshot: { shot: "packshot", capability: "background_removal" },
  lifestyle: { shot: "lifestyle", capability: "scene_generation" },
  flat_lay: { shot: "flat_lay", capability: "scene_generation" },
  on_model: { shot: "on_model", capability: "virtual_model" },
  detail_macro: { shot: "detail_macro", capability: "enhancement" },
  studio: { shot: "packshot", capability: "enhancement" },
  turntable_video: { shot: "packshot", capability: "image_to_video" },
} as const satisfies Record<string, { shot: ShotStyle; capability: Capability }>;

export type GenerationStyle = keyof typeof GENERATION_STYLES;

export function isGenerationStyle(value: string): value is GenerationStyle {
  return Object.hasOwn(GENERATION_STYLES, value);
}

/** Capabilities that can produce each shot style: an LLM recommendation outside these is ignored. */
export const SHOT_STYLE_CAPABILITIES: Record<ShotStyle, readonly Capability[]> = {
  packshot: ["background_removal", "enhancement", "scene_generation"],
  lifestyle: ["scene_generation", "enhancement", "image_to_video"],
  flat_lay: ["scene_generation", "enhancement"],
  on_model: ["virtual_model", "scene_generation"],
  detail_macro: ["enhancement", "upscale"],
};
