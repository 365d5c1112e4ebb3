/** On-model: the garment or accessory worn by a person. */
import type { PromptTemplateFamily } from "./template";

export const onModelTemplates: PromptTemplateFamily = {
  family: "on_model",
  capabilities: ["virtual_model", "scene_generation"],
  versions: [
    {
      version: "on_model@1",
      status: "active",
      released: "2026-11-26",
      changelog: "First version: a model matching the target audience, the item's print and fit kept.",
      prompt:
        "Fashion e-commerce photo of a model[[ representing {{audience}}]] wearing the {{product}}[[ in {{colours}}]][[, {{materials}}]], natural pose, {{mood}}[[, {{aesthetic}} styling]]. Keep the item's print, logo, colour and fit exactly as in the product photo. Photorealistic skin and fabric.",
      negativePrompt: "distorted hands, extra limbs, changed print, altered logo, text, watermark[[, {{avoid}}]]",
    },
  ],
};
