/** Lifestyle scene: the product in use or in a setting its buyers recognise. */
import type { PromptTemplateFamily } from "./template";

export const lifestyleTemplates: PromptTemplateFamily = {
  family: "lifestyle",
  capabilities: ["scene_generation", "enhancement"],
  versions: [
    {
      version: "lifestyle@1",
      status: "active",
      released: "2026-11-26",
      changelog: "First version: category mood, audience and brand tone; the product itself left unchanged.",
      prompt:
        "Lifestyle product photo of the {{product}}[[ ({{colours}})]] in {{mood}}[[, set in {{setting}}]][[, appealing to {{audience}}]][[, {{aesthetic}} aesthetic]][[, brand tone {{tone}}]][[, accents in the brand colours {{palette}}]]. Keep the product exactly as in the source photo: shape, colours, labels and proportions unchanged. Photorealistic, natural depth of field.",
      negativePrompt: "distorted product, changed logo, extra products, text, watermark, clutter[[, {{avoid}}]]",
    },
  ],
};
