/** Short product video from the product photo (capability image_to_video, any style). */
import type { PromptTemplateFamily } from "./template";

export const productVideoTemplates: PromptTemplateFamily = {
  family: "product_video",
  capabilities: ["image_to_video"],
  versions: [
    {
      version: "product_video@1",
      status: "active",
      released: "2026-11-26",
      changelog: "First version: slow turntable or dolly move that keeps the product rigid and unchanged.",
      prompt:
        "Slow, smooth camera move around the {{product}}[[ in {{colours}}]], {{mood}}[[, {{aesthetic}} feel]]. The product stays rigid and identical to the first frame: same shape, colours and labels. Gentle light, no cuts.",
      negativePrompt: "morphing, warping, melting, text overlays, extra objects, flicker[[, {{avoid}}]]",
    },
  ],
};
