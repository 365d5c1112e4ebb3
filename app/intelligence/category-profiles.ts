/**
 * What each product category needs from a photo: the shot styles that sell it (best first), the
 * model strengths that matter, the strengths that hurt, and the scene mood prompts describe.
 * This is Glint's photography judgement; model facts (capabilities, credits, cost) stay in the
 * provider registry and model strengths in model-strengths.ts.
 */
import type { ProductCategory, ShotStyle } from "./analysis-schema";
import type { ModelStrength } from "./model-strengths";

export interface CategoryProfile {
  styles: readonly ShotStyle[];
  wants: readonly ModelStrength[];
  avoids: readonly ModelStrength[];
  /** Scene direction for lifestyle and flat-lay prompts: constant text, safe to embed. */
  sceneMood: string;
}

export const CATEGORY_PROFILES: Record<ProductCategory, CategoryProfile> = {
  jewellery: {
    styles: ["detail_macro", "packshot", "on_model"],
    wants: ["fine_detail"],
    avoids: ["redraws_detail"],
    sceneMood: "soft diffused light on velvet or stone, elegant and minimal",
  },
  watches: {
    styles: ["detail_macro", "lifestyle", "packshot"],
    wants: ["fine_detail", "legible_text"],
    avoids: ["redraws_detail"],
    sceneMood: "dark refined surface, crisp reflections, understated luxury",
  },
  apparel: {
    styles: ["on_model", "flat_lay", "packshot"],
    wants: ["garment_fit", "keeps_prints"],
    avoids: [],
    sceneMood: "bright natural daylight, clean urban or studio setting",
  },
  footwear: {
    styles: ["lifestyle", "packshot", "detail_macro"],
    wants: ["preserves_subject"],
    avoids: [],
    sceneMood: "street or trail surface, low camera angle, natural light",
  },
  bags: {
    styles: ["lifestyle", "packshot", "detail_macro"],
    wants: ["preserves_subject"],
    avoids: [],
    sceneMood: "sunlit cafe table or boutique shelf, relaxed and stylish",
  },
  cosmetics: {
    styles: ["flat_lay", "detail_macro", "packshot"],
    wants: ["colour_accurate", "exact_pixels"],
    avoids: ["colour_drift"],
    sceneMood: "pastel marble surface, soft petals and glossy highlights",
  },
  skincare: {
    styles: ["lifestyle", "packshot", "flat_lay"],
    wants: ["legible_text", "colour_accurate"],
    avoids: ["colour_drift"],
    sceneMood: "bright bathroom shelf, water droplets, fresh morning light",
  },
  food: {
    styles: ["lifestyle", "flat_lay", "packshot"],
    wants: ["warm_scenes", "scene_composition"],
    avoids: [],
    sceneMood: "warm golden light on a rustic wooden table, appetising and homely",
  },
  furniture: {
    styles: ["lifestyle", "packshot", "detail_macro"],
    wants: ["interior_scenes", "preserves_subject"],
    avoids: [],
    sceneMood: "airy modern living room, natural window light, styled but uncluttered",
  },
  home_decor: {
    styles: ["lifestyle", "flat_lay", "packshot"],
    wants: ["interior_scenes"],
    avoids: [],
    sceneMood: "cosy styled interior corner, warm ambient light",
  },
  kitchen: {
    styles: ["packshot", "lifestyle", "detail_macro"],
    wants: ["clean_cutout", "legible_text"],
    avoids: [],
    sceneMood: "clean bright kitchen counter, fresh ingredients nearby",
  },
  electronics: {
    styles: ["packshot", "lifestyle", "detail_macro"],
    wants: ["legible_text", "clean_cutout"],
    avoids: ["redraws_detail"],
    sceneMood: "minimal modern desk, cool even light",
  },
  toys: {
    styles: ["lifestyle", "packshot", "flat_lay"],
    wants: ["scene_composition"],
    avoids: [],
    sceneMood: "playful colourful playroom, cheerful daylight",
  },
  sports: {
    styles: ["lifestyle", "packshot", "detail_macro"],
    wants: ["scene_composition", "preserves_subject"],
    avoids: [],
    sceneMood: "outdoor setting in action, energetic natural light",
  },
  other: {
    styles: ["packshot", "lifestyle"],
    wants: [],
    avoids: [],
    sceneMood: "neutral tasteful setting, soft natural light",
  },
};

