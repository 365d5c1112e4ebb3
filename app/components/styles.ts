/** What each shot style is called in the UI. Keys are the intelligence layer's SHOT_STYLES. */
// Type-only import: the browser bundle stays free of the analysis schema (and zod).
import type { ShotStyle } from "../intelligence/analysis-schema";

export const SHOT_STYLE_KEYS = ["packshot", "lifestyle", "flat_lay", "on_model", "detail_macro"] as const satisfies readonly ShotStyle[];

export const STYLE_LABELS: Record<ShotStyle, string> = {
  packshot: "Clean studio shot",
  lifestyle: "Lifestyle scene",
  flat_lay: "Flat lay",
  on_model: "Worn by a model",
  detail_macro: "Close-up detail",
};

export const STYLE_HELP: Record<ShotStyle, string> = {
  packshot: "Your product on a seamless studio background.",
  lifestyle: "Your product in a realistic setting where it is used.",
  flat_lay: "Top-down arrangement with a few complementary props.",
  on_model: "For apparel and accessories: shown on a person.",
  detail_macro: "A sharp close-up of materials and finish.",
};

/** Used until the merchant picks a default style in Settings. */
export const FALLBACK_DEFAULT_STYLE: ShotStyle = "lifestyle";

/** Styles of work that is not a shot style. */
const OTHER_STYLE_LABELS: Record<string, string> = { ugc_video: "Presenter video" };

export function styleLabel(style: string): string {
  return (STYLE_LABELS as Record<string, string>)[style] ?? OTHER_STYLE_LABELS[style] ?? style.replace(/_/g, " ");
}

export const STYLE_CHOICES = SHOT_STYLE_KEYS.map((style) => ({ value: style, label: STYLE_LABELS[style], helpText: STYLE_HELP[style] }));
