import { describe, expect, it } from "vitest";
import { activeVersions, TEMPLATE_FAMILIES, templateFamilyFor, templateVersion, validateTemplateFamilies } from "./index";
import { renderTemplate } from "./render";
import type { PromptSlots } from "./template";

const watchSlots: PromptSlots = {
  product: "automatic dive watch",
  materials: "steel and sapphire",
  colours: "black and silver",
  audience: "",
  aesthetic: "",
  mood: "dark refined surface",
  tone: "",
  palette: "",
  setting: "",
  avoid: "plastic props",
};

describe("prompt template registry", () => {
  it("ships valid families, each with an active version and unique version ids", () => {
    expect(validateTemplateFamilies(TEMPLATE_FAMILIES)).toEqual([]);
    for (const family of TEMPLATE_FAMILIES) expect(activeVersions(family).length).toBeGreaterThan(0);
  });

  it("rejects duplicate ids, missing active versions and bad slots", () => {
    const broken = {
      family: "packshot",
      capabilities: ["background_removal" as const],
      versions: [
        { version: "packshot@1", status: "retired" as const, released: "2026-01-01", changelog: "x", prompt: "{{product}} {{colours}}", negativePrompt: "" },
        { version: "packshot@1", status: "retired" as const, released: "2026-01-02", changelog: "y", prompt: "{{product}}", negativePrompt: "" },
      ],
    };
    const problems = validateTemplateFamilies([broken]).join("\n");
    expect(problems).toContain("no active version");
    expect(problems).toContain("duplicate version id");
    expect(problems).toContain("{{colours}} may be empty");
  });

  it("keeps retired versions loadable and renders them exactly as when they shipped", () => {
    const old = templateVersion("packshot@1");
    expect(old?.version.status).toBe("retired");
    // Golden output: a generation stored with packshot@1 must re-render to these exact bytes.
    expect(renderTemplate(old!.version.prompt, watchSlots)).toBe(
      "Professional e-commerce packshot of the automatic dive watch on a pure white background, studio lighting.",
    );
    expect(renderTemplate(old!.version.negativePrompt, watchSlots)).toBe("props, text, watermark, people");
  });

  it("the current packshot differs from the retired one and carries brand exclusions", () => {
    const current = activeVersions(templateFamilyFor("packshot", "background_removal"))[0];
    expect(current.version).toBe("packshot@2");
    expect(renderTemplate(current.prompt, watchSlots)).toContain("in black and silver, steel and sapphire");
    expect(renderTemplate(current.negativePrompt, watchSlots)).toMatch(/, plastic props$/);
  });

  it("uses the video family for image_to_video whatever the style", () => {
    expect(templateFamilyFor("lifestyle", "image_to_video").family).toBe("product_video");
    expect(templateFamilyFor("on_model", "virtual_model").family).toBe("on_model");
  });
});
