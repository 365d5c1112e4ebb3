/**
 * What a multi-photo video was asked for, stored on its generation (Generation.options.multiPhoto)
 * so the worker renders exactly that, and a retry or re-run renders the same. Also the limits and
 * choices the request form offers; no server-only imports, pages use it too.
 */
import { z } from "zod";
import { MOTION_PRESET_VERSIONS } from "./motion-presets";
import { MUSIC_TRACK_IDS } from "./music-tracks";
import { MAX_ANGLES, MIN_ANGLES, TRANSITIONS } from "./stitch-limits";
import { MULTI_PHOTO_MODES, SEGMENT_SECONDS } from "./video-options";
import { UGC_STAGE_NAMES, type UgcStage } from "./ugc-stages";

/** Generation.capability and .style of a multi-photo video. */
export const MULTI_PHOTO_CAPABILITY = "multi_photo_video";

/** Cross-fade length at each join. */
export const TRANSITION_SECONDS = 0.5;

const angleSchema = z.discriminatedUnion("source", [
  /** One of the product's own images in Shopify: fetched from its CDN URL. */
  z.object({ source: z.literal("product_media"), mediaId: z.string().min(1), url: z.string().url() }),
  /** A Glint output image of this product, read from storage. */
  z.object({ source: z.literal("glint_output"), assetId: z.string().min(1) }),
]);
export type MultiPhotoAngle = z.infer<typeof angleSchema>;

export const multiPhotoSpecSchema = z.object({
  mode: z.enum(MULTI_PHOTO_MODES),
  angles: z.array(angleSchema).min(MIN_ANGLES).max(MAX_ANGLES),
  segmentSeconds: z.number().int().min(SEGMENT_SECONDS.min).max(SEGMENT_SECONDS.max),
  transition: z.enum(TRANSITIONS),
  overlay: z.object({ title: z.string().min(1).max(60), price: z.string().max(40).optional() }).optional(),
  music: z.enum(MUSIC_TRACK_IDS).optional(),
  /** Clips mode: the video model priced for every angle (fallbacks cost no more), and its camera move. */
  clipModelId: z.string().optional(),
  motionPreset: z.enum(MOTION_PRESET_VERSIONS).optional(),
  /** Product title, for the clip prompt. */
  productTitle: z.string().min(1).max(255),
});
export type MultiPhotoSpec = z.infer<typeof multiPhotoSpecSchema>;

/** The stages a multi-photo video goes through in the worker, in order, with what the merchant reads. */
export const MULTI_PHOTO_STAGES = [
  { stage: "collect", label: "Collecting photos", until: 10 },
  { stage: "clips", label: "Making clips", until: 60 },
  { stage: "stitch", label: "Stitching angles", until: 75 },
  { stage: "finish", label: "Adding title and music", until: 85 },
  { stage: "validate", label: "Checking the video", until: 95 },
  { stage: "store", label: "Saving", until: 100 },
] as const;
export type MultiPhotoStage = (typeof MULTI_PHOTO_STAGES)[number]["stage"];

/** Generation.progress. */
export const progressSchema = z.object({
  // Presenter videos (ugc-stages.ts) report their stages the same way.
  stage: z.enum([...MULTI_PHOTO_STAGES.map((s) => s.stage), ...UGC_STAGE_NAMES] as [MultiPhotoStage | UgcStage, ...Array<MultiPhotoStage | UgcStage>]),
  label: z.string(),
  percent: z.number().int().min(0).max(100),
  detail: z.string().optional(),
});
export type GenerationProgress = z.infer<typeof progressSchema>;

/** Progress at the start of a stage, or `done` of `total` steps through it. */
export function progressAt(stage: MultiPhotoStage, done = 0, total = 1, detail?: string): GenerationProgress {
  const index = MULTI_PHOTO_STAGES.findIndex((s) => s.stage === stage);
  const from = index === 0 ? 0 : MULTI_PHOTO_STAGES[index - 1].until;
  const step = MULTI_PHOTO_STAGES[index];
  const percent = Math.round(from + ((step.until - from) * Math.min(done, total)) / Math.max(total, 1));
  return { stage, label: step.label, percent, ...(detail ? { detail } : {}) };
}

export function readProgress(value: unknown): GenerationProgress | null {
  const parsed = progressSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** Output frame size per shape (the stitch renders at this size). */
export function frameSize(aspectRatio: string): { width: number; height: number } {
  if (aspectRatio === "9:16") return { width: 540, height: 960 };
  if (aspectRatio === "16:9") return { width: 960, height: 540 };
  return { width: 720, height: 720 };
}
