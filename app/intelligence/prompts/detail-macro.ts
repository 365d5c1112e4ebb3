/** Detail / macro: craftsmanship close-up where fine detail sells. */
import type { PromptTemplateFamily } from "./template";

export const detailMacroTemplates: PromptTemplateFamily = {
  family: "detail_macro",
  capabilities: ["enhancement", "upscale"],
  versions: [
    {
      version: "detail_macro@1",
      status: "active",
      released: "2026-11-26",
      changelog: "First version: macro close-up that keeps engravings, dials and textures exact.",
      prompt:
        "Macro close-up product photo of the {{product}}[[ showing the texture of {{materials}}]][[ in {{colours}}]], {{mood}}, shallow depth of field, crisp micro detail. Preserve every engraving, dial marking, stitch and label exactly; do not invent or redraw details.",
      negativePrompt: "blur on the product, redrawn text, altered engravings, warped geometry, watermark[[, {{avoid}}]]",
    },
  ],
};
