/**
 * A prompt template family: one style (or capability), every version it ever had, and why each
 * changed. Versions are never edited or removed once shipped: a stored generation names its
 * version id and must re-render identically. `active` versions are the ones selection may serve
 * (more than one means an experiment the approval data decides); retired ones stay loadable.
 *
 * Template text uses {{slot}} placeholders; a [[ … ]] section is kept only when every slot in it
 * has a value, so missing data leaves no dangling words.
 */
import type { Capability } from "../../providers/types";

export const PROMPT_SLOTS = [
  "product",
  "materials",
  "colours",
  "audience",
  "aesthetic",
  "mood",
  "tone",
  "palette",
  "setting",
  "avoid",
] as const;
export type PromptSlot = (typeof PROMPT_SLOTS)[number];
export type PromptSlots = Record<PromptSlot, string>;

export interface PromptTemplateVersion {
  /** "<family>@<n>", unique across all families. */
  version: string;
  status: "active" | "retired";
  /** ISO date the version shipped. */
  released: string;
  changelog: string;
  prompt: string;
  negativePrompt: string;
}

export interface PromptTemplateFamily {
  /** A shot style or a capability without a style (e.g. image_to_video). */
  family: string;
  capabilities: readonly Capability[];
  versions: readonly PromptTemplateVersion[];
}
