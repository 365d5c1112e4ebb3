/**
 * The engine's seam to product intelligence: given a product and the merchant's style (or a bare
 * capability), what to run and with which prompt. This default is deliberately plain: one fixed
 * prompt per style, versioned so results can be traced to the text that made them. The product
 * intelligence module (planner.server.ts) replaces it with analysis-driven prompts and learned
 * model selection behind the same signature.
 */
import type { Product } from "@prisma/client";
import type { Capability } from "../providers/types";

/** Shot styles (same vocabulary as the product analysis) and the capability each needs by default. */
export const STYLE_CAPABILITY = {
  packshot: "background_removal",
  lifestyle: "scene_generation",
  flat_lay: "scene_generation",
  on_model: "virtual_model",
  detail_macro: "enhancement",
  studio: "enhancement",
  turntable_video: "image_to_video",
} as const satisfies Record<string, Capability>;

export type Style = keyof typeof STYLE_CAPABILITY;

export function isStyle(value: string): value is Style {
  return Object.hasOwn(STYLE_CAPABILITY, value);
}

const PROMPTS: Record<Capability, string> = {
  background_removal: "Remove the background around the {product}; keep every edge and detail of the product.",
  enhancement: "Professional studio product photo of the {product}: soft even lighting, true colours, crisp detail. Do not change the product.",
  upscale: "High-resolution, sharp, faithful photo of the {product}.",
  scene_generation: "The {product} in a tasteful real-world setting that suits it, natural light, shallow depth of field. Keep the product exactly as it is.",
  virtual_model: "A model wearing the {product}, natural pose, clean background. Keep the product's colours, print and fit.",
  inpainting: "Clean up the marked area around the {product}, matching the surrounding background.",
  image_to_video: "Slow smooth camera orbit around the {product}, studio lighting, the product stays unchanged.",
  text_to_video: "A short cinematic clip featuring the {product} in use, warm natural light.",
  avatar_video: "A friendly presenter introducing the {product} in a bright studio.",
};

export const DEFAULT_PROMPT_VERSION = "default@1";

export interface PlanInput {
  product: Pick<Product, "title" | "productType" | "vendor">;
  style: string;
  capability?: Capability;
}

export interface GenerationPlanSeam {
  capability: Capability;
  prompt: string;
  promptVersion: string;
  preferredModelId?: string;
}

export async function planGeneration(_ctx: unknown, input: PlanInput): Promise<GenerationPlanSeam> {
  const capability = input.capability ?? (isStyle(input.style) ? STYLE_CAPABILITY[input.style] : "enhancement");
  // Product text is merchant-entered: keep it short and on one line inside the prompt.
  const product = [input.product.vendor, input.product.title].filter(Boolean).join(" ").replace(/\s+/g, " ").slice(0, 120);
  return { capability, prompt: PROMPTS[capability].replace("{product}", product || "product"), promptVersion: DEFAULT_PROMPT_VERSION };
}
