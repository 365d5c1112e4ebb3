/**
 * Glint's judgement of what each registry model is good (or bad) at, used to match models to
 * product categories. Keyed by registry id; a model missing here simply has no known strengths
 * (it can still be chosen on cost and learned approval rates). Facts such as capabilities,
 * credits and cost are read from the registry, never copied here.
 */
export type ModelStrength =
  | "fine_detail"
  | "legible_text"
  | "redraws_detail"
  | "preserves_subject"
  | "exact_pixels"
  | "colour_accurate"
  | "colour_drift"
  | "clean_cutout"
  | "garment_fit"
  | "keeps_prints"
  | "scene_composition"
  | "warm_scenes"
  | "interior_scenes";

export const MODEL_STRENGTHS: Readonly<Record<string, readonly ModelStrength[]>> = {
  "flux-2-pro": ["fine_detail", "legible_text"],
  "flux-kontext-pro": ["preserves_subject", "interior_scenes"],
  "flux-kontext-pro-fal": ["preserves_subject", "interior_scenes"],
  "gpt-image-1": ["scene_composition", "warm_scenes", "redraws_detail"],
  "gpt-image-1-mini": ["scene_composition"],
  "iclight-v2": ["warm_scenes", "colour_drift"],
  "bria-background-replace": ["exact_pixels", "colour_accurate", "preserves_subject"],
  "bria-remove-background": ["clean_cutout"],
  "bria-remove-background-fal": ["clean_cutout"],
  "recraft-crisp-upscale": ["legible_text"],
  "real-esrgan": ["fine_detail"],
  "kolors-virtual-try-on": ["garment_fit", "keeps_prints"],
  "idm-vton": ["garment_fit"],
  "veo-3.1": ["preserves_subject"],
  "pika-2.2": ["redraws_detail"],
};

export function modelStrengths(modelId: string): readonly ModelStrength[] {
  return MODEL_STRENGTHS[modelId] ?? [];
}
