/** Flat lay: top-down arrangement with complementary props. */
import type { PromptTemplateFamily } from "./template";

export const flatLayTemplates: PromptTemplateFamily = {
  family: "flat_lay",
  capabilities: ["scene_generation", "enhancement"],
  versions: [
    {
      version: "flat_lay@1",
      status: "active",
      released: "2026-11-26",
      changelog: "First version: overhead composition with a few complementary props matching the category mood.",
      prompt:
        "Top-down flat lay photo of the {{product}}[[ in {{colours}}]] arranged on {{mood}}, with a few complementary props[[ in the brand colours {{palette}}]][[, {{aesthetic}} aesthetic]][[, brand tone {{tone}}]]. The product stays the hero, unchanged, with generous negative space. Even soft light, photorealistic.",
      negativePrompt: "perspective view, clutter, distorted product, text, watermark, hands[[, {{avoid}}]]",
    },
  ],
};
