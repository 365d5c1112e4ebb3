/** What a generation was asked for beyond its columns, stored in Generation.options. */
import { z } from "zod";
import { MERCHANT_PROMPT_MAX } from "../intelligence/merchant-prompt";
import { MOTION_PRESET_VERSIONS } from "../video/motion-presets";
import { multiPhotoSpecSchema } from "../video/multi-photo-spec";

export const generationOptionsSchema = z.object({
  /** The product's main image as the shop serves it: what providers fetch and what is kept as the original. */
  sourceImageUrl: z.string().url().optional(),
  aspectRatio: z.string().regex(/^\d+(\.\d+)?:\d+(\.\d+)?$/, "aspect ratio looks like 1:1 or 16:9").optional(),
  width: z.number().int().min(256).max(4096).optional(),
  height: z.number().int().min(256).max(4096).optional(),
  durationSeconds: z.number().int().min(1).max(20).optional(),
  negativePrompt: z.string().max(500).optional(),
  /** Video: the camera-move preset version (app/video/motion-presets.ts) added to the prompt. */
  motionPreset: z.enum(MOTION_PRESET_VERSIONS).optional(),
  /** Multi-photo video: the angles and how they are put together (rendered by its own worker job). */
  multiPhoto: multiPhotoSpecSchema.optional(),
  /** UGC presenter video: the approved VideoScript this generation renders (app/video/ugc-*.ts). */
  ugcScriptId: z.string().optional(),
  /** Model-specific inputs (mask, human photo, audio). */
  extra: z.record(z.string(), z.unknown()).optional(),
  /** The merchant's own prompt (intelligence/merchant-prompt.ts), used instead of the template's. */
  prompt: z.string().max(MERCHANT_PROMPT_MAX).optional(),
  /** Set by the merchant's choice or by the planner. */
  preferredModelId: z.string().optional(),
  /** Which of `count` variants this is (0-based). */
  variant: z.number().int().min(0).default(0),
});

export type GenerationOptions = z.infer<typeof generationOptionsSchema>;

export function readOptions(value: unknown): GenerationOptions {
  const parsed = generationOptionsSchema.safeParse(value ?? {});
  return parsed.success ? parsed.data : { variant: 0 };
}
