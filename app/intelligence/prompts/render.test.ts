import { describe, expect, it } from "vitest";
import { renderTemplate, templateProblems } from "./render";
import type { PromptSlots } from "./template";

const slots = (overrides: Partial<PromptSlots> = {}): PromptSlots => ({
  product: "ceramic mug",
  materials: "",
  colours: "",
  audience: "",
  aesthetic: "",
  mood: "warm kitchen",
  tone: "",
  palette: "",
  setting: "",
  avoid: "",
  ...overrides,
});

describe("renderTemplate", () => {
  it("fills slots and keeps a section only when all its slots have values", () => {
    const text = "Photo of the {{product}}[[ in {{colours}}]][[ made of {{materials}}]], {{mood}}.";
    expect(renderTemplate(text, slots({ colours: "blue" }))).toBe("Photo of the ceramic mug in blue, warm kitchen.");
    expect(renderTemplate(text, slots())).toBe("Photo of the ceramic mug, warm kitchen.");
  });

  it("drops a section where one of several slots is empty", () => {
    const text = "A {{product}}[[ for {{audience}} in {{setting}}]].";
    expect(renderTemplate(text, slots({ audience: "cooks" }))).toBe("A ceramic mug.");
    expect(renderTemplate(text, slots({ audience: "cooks", setting: "a loft" }))).toBe("A ceramic mug for cooks in a loft.");
  });

  it("leaves no trailing comma when a final negative section is empty", () => {
    expect(renderTemplate("text, watermark[[, {{avoid}}]]", slots())).toBe("text, watermark");
    expect(renderTemplate("text, watermark[[, {{avoid}}]]", slots({ avoid: "dogs" }))).toBe("text, watermark, dogs");
  });
});

describe("templateProblems", () => {
  it("accepts a well-formed template", () => {
    expect(templateProblems("A {{product}}[[ in {{colours}}]], {{mood}}")).toEqual([]);
  });

  it("reports unknown slots, optional slots outside sections and unbalanced sections", () => {
    expect(templateProblems("A {{prodcut}}")).toEqual(expect.arrayContaining([expect.stringContaining("unknown slot {{prodcut}}")]));
    expect(templateProblems("A {{product}} in {{colours}}")).toEqual([
      expect.stringContaining("{{colours}} may be empty"),
    ]);
    expect(templateProblems("A {{product}}[[ in {{colours}}")).toContain("unbalanced [[ ]] section");
  });
});
