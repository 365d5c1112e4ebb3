/** White-background packshot: marketplace-ready, nothing but the product. */
import type { PromptTemplateFamily } from "./template";

export const packshotTemplates: PromptTemplateFamily = {
  family: "packshot",
  capabilities: ["background_removal", "enhancement", "scene_generation"],
  versions: [
    {
      version: "packshot@1",
      status: "retired",
      released: "2026-11-01",
      changelog: "First version: product on pure white.",
      prompt: "Professional e-commerce packshot of the {{product}} on a pure white background, studio lighting.",
      negativePrompt: "props, text, watermark, people",
    },
    {
      version: "packshot@2",
      status: "active",
      released: "2026-11-26",
      changelog:
        "Adds a soft contact shadow (merchants rejected floating cut-outs), names materials and colours so retouching keeps them, and carries brand props to avoid into the negative prompt.",
      prompt:
        "Professional e-commerce packshot of the {{product}}[[ in {{colours}}]][[, {{materials}}]], centred on a pure white (#ffffff) background with a soft natural contact shadow, even high-key studio lighting, sharp focus, true-to-life colours.",
      negativePrompt: "props, text, watermark, people, coloured background, harsh shadows, reflections[[, {{avoid}}]]",
    },
  ],
};
