/**
 * Camera motion presets for product videos, as versioned prompt text. The planner's product_video
 * template describes the product and mood; the preset adds how the camera moves. Versions are never
 * edited once shipped: a generation stores the version id it ran with and re-renders identically.
 */
export const MOTION_PRESETS = ["slow_orbit", "push_in", "reveal", "lifestyle_scene"] as const;
export type MotionPreset = (typeof MOTION_PRESETS)[number];

interface MotionPresetVersion {
  /** "<preset>@<n>". */
  version: string;
  status: "active" | "retired";
  text: string;
}

const VERSIONS: Record<MotionPreset, readonly MotionPresetVersion[]> = {
  slow_orbit: [
    { version: "slow_orbit@1", status: "active", text: "Camera: a slow 90-degree orbit around the product at eye level, constant speed, product centred." },
  ],
  push_in: [
    { version: "push_in@1", status: "active", text: "Camera: a slow, steady push-in from a full view of the product to a close view of its front, no rotation." },
  ],
  reveal: [
    { version: "reveal@1", status: "active", text: "Camera: starts close on a soft-focus edge of the product and pulls back and sideways to reveal the whole product, ending still." },
  ],
  lifestyle_scene: [
    { version: "lifestyle_scene@1", status: "active", text: "Camera: a gentle handheld drift in a natural lived-in setting that suits the product, the product stays in focus in the foreground." },
  ],
};

const byVersion = new Map(Object.values(VERSIONS).flatMap((versions) => versions.map((v) => [v.version, v] as const)));

/** Every version id ever shipped (what Generation.options.motionPreset may hold). */
export const MOTION_PRESET_VERSIONS = [...byVersion.keys()] as [string, ...string[]];

/** The version id a new request for this preset runs with. */
export function activeMotionVersion(preset: MotionPreset): string {
  const active = VERSIONS[preset].find((v) => v.status === "active");
  if (!active) throw new Error(`Motion preset ${preset} has no active version`);
  return active.version;
}

/** The provider prompt: the planned prompt plus the camera move of the stored preset version. */
export function withMotion(prompt: string, motionVersion: string | undefined): string {
  if (!motionVersion) return prompt;
  const preset = byVersion.get(motionVersion);
  if (!preset) throw new Error(`Unknown motion preset version ${motionVersion}`);
  return prompt ? `${prompt} ${preset.text}` : preset.text;
}
