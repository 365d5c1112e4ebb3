import { describe, expect, it } from "vitest";
import { activeMotionVersion, MOTION_PRESET_VERSIONS, MOTION_PRESETS, withMotion } from "./motion-presets";

describe("motion presets", () => {
  it("every preset has one active version, named after it", () => {
    for (const preset of MOTION_PRESETS) expect(activeMotionVersion(preset)).toMatch(new RegExp(`^${preset}@\\d+$`));
    expect(new Set(MOTION_PRESET_VERSIONS).size).toBe(MOTION_PRESET_VERSIONS.length);
  });

  it("adds the stored version's camera move to the planned prompt, and nothing without one", () => {
    const prompt = "Slow, smooth camera move around the mug.";
    expect(withMotion(prompt, undefined)).toBe(prompt);
    expect(withMotion(prompt, "push_in@1")).toMatch(/^Slow, smooth camera move around the mug\. Camera: a slow, steady push-in/);
    expect(withMotion("", "reveal@1")).toMatch(/^Camera: .*reveal the whole product/);
    expect(() => withMotion(prompt, "zoom_blast@1")).toThrow(/Unknown motion preset/);
  });
});
