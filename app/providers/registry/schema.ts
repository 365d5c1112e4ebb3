/**
 * The registry's shape, validated by zod when it is loaded: a typo in a capability, a chain that
 * names a missing model or a duplicate id stops the process with a sentence naming the entry,
 * instead of failing one merchant's generation hours later.
 */
import { z } from "zod";
import type { Capability } from "../types";

export const CAPABILITIES = [
  "background_removal",
  "enhancement",
  "upscale",
  "scene_generation",
  "virtual_model",
  "inpainting",
  "image_to_video",
  "text_to_video",
  "avatar_video",
] as const satisfies readonly Capability[];

const capabilitySchema = z.enum(CAPABILITIES);
const providerKey = z.string().min(1).regex(/^[a-zA-Z0-9_.]+$/, "provider input keys are plain identifiers");

/** Declarative mapping from GenerationInput fields to the provider's input keys. */
export const inputMappingSchema = z
  .object({
    prompt: providerKey.optional(),
    negativePrompt: providerKey.optional(),
    /** Key that receives the first input image URL. */
    image: providerKey.optional(),
    /** Key that receives all input image URLs as an array. */
    images: providerKey.optional(),
    width: providerKey.optional(),
    height: providerKey.optional(),
    aspectRatio: providerKey.optional(),
    durationSeconds: providerKey.optional(),
    /** How the provider spells a duration: 5, "5" or "5s". */
    durationFormat: z.enum(["number", "string", "seconds_suffix"]).default("number"),
    seed: providerKey.optional(),
    /** Key that receives the audio track URL (talking-avatar models). */
    audio: providerKey.optional(),
    /** Sent with every request (output format, safety settings, model switches). */
    constants: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

export const modelSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, "model ids are lowercase kebab-case"),
    displayName: z.string().min(1),
    provider: z.enum(["replicate", "fal", "openai"]),
    /** As the provider publishes it: "owner/name", fal app id, OpenAI model name. */
    modelRef: z.string().min(1),
    /** Pinned version hash where the provider supports pinning (Replicate community models). */
    version: z.string().regex(/^[0-9a-f]{64}$/, "Replicate versions are 64 hex characters").optional(),
    capabilities: z.array(capabilitySchema).min(1),
    outputKind: z.enum(["image", "video"]),
    /** Whether an input product image is required (every product capability except text_to_video). */
    requiresImage: z.boolean().default(true),
    inputs: inputMappingSchema,
    typicalLatencyMs: z.number().int().positive(),
    /** What one run costs us, in micro-dollars (integer). */
    usdCostMicro: z.number().int().positive(),
    /** What one run costs the merchant. */
    credits: z.number().int().positive(),
    /**
     * Video: the clip lengths (seconds, ascending) the model accepts. Required when the mapping
     * sends a duration; a requested length is fitted to the nearest of these (durations.ts).
     * Models without a duration input make clips of one fixed length, listed alone.
     */
    durations: z.array(z.number().int().positive()).min(1).optional(),
    timeoutMs: z.number().int().positive(),
    maxConcurrency: z.number().int().positive(),
    /** Whether the product must survive unchanged (fidelity check applies). */
    checkFidelity: z.boolean().default(true),
    qualityNotes: z.string().min(1),
  })
  .strict()
  .refine((m) => m.timeoutMs >= m.typicalLatencyMs, {
    message: "timeoutMs must be at least typicalLatencyMs",
    path: ["timeoutMs"],
  })
  .refine((m) => !m.inputs.durationSeconds || m.durations, {
    message: "a model that is sent a duration must list the durations it accepts",
    path: ["durations"],
  })
  .refine((m) => !m.durations || m.durations.every((d, i) => i === 0 || d > m.durations![i - 1]), {
    message: "durations are listed once each, shortest first",
    path: ["durations"],
  })
  .refine((m) => !m.durations || m.inputs.durationSeconds || m.durations.length === 1, {
    message: "a model that is not sent a duration makes one fixed length: list only that",
    path: ["durations"],
  });

export const speechModelSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, "model ids are lowercase kebab-case"),
    displayName: z.string().min(1),
    provider: z.literal("openai"),
    modelRef: z.string().min(1),
    voices: z.array(z.string().min(1)).min(1),
    /** Longest voice-over one run covers. */
    maxSeconds: z.number().int().positive(),
    usdCostMicro: z.number().int().positive(),
    credits: z.number().int().positive(),
    timeoutMs: z.number().int().positive(),
  })
  .strict();

export const registrySchema = z
  .object({
    /** Retail value of one credit, used only to show margins to operators. */
    creditValueMicroUsd: z.number().int().positive(),
    models: z.array(modelSchema).min(1),
    /** Ordered model ids per capability: the first healthy, affordable one runs, the rest are fallbacks. */
    chains: z.record(z.string(), z.array(z.string()).min(1)),
    /** Text-to-speech voices for presenter videos; the first is used. Priced per voice-over (up to maxSeconds). */
    speech: z.array(speechModelSchema).default([]),
  })
  .superRefine((registry, ctx) => {
    const byId = new Map<string, (typeof registry.models)[number]>();
    registry.models.forEach((model, index) => {
      if (byId.has(model.id)) {
        ctx.addIssue({ code: "custom", path: ["models", index, "id"], message: `duplicate model id "${model.id}"` });
      }
      byId.set(model.id, model);
    });
    for (const [capability, chain] of Object.entries(registry.chains)) {
      if (!(CAPABILITIES as readonly string[]).includes(capability)) {
        ctx.addIssue({ code: "custom", path: ["chains", capability], message: `unknown capability "${capability}"` });
        continue;
      }
      chain.forEach((modelId, index) => {
        const model = byId.get(modelId);
        if (!model) {
          ctx.addIssue({
            code: "custom",
            path: ["chains", capability, index],
            message: `chain "${capability}" names model "${modelId}", which is not in the registry`,
          });
        } else if (!model.capabilities.includes(capability as Capability)) {
          ctx.addIssue({
            code: "custom",
            path: ["chains", capability, index],
            message: `chain "${capability}" names model "${modelId}", which does not declare that capability`,
          });
        }
      });
      if (new Set(chain).size !== chain.length) {
        ctx.addIssue({ code: "custom", path: ["chains", capability], message: `chain "${capability}" repeats a model` });
      }
    }
  });

export type ModelInputMapping = z.infer<typeof inputMappingSchema>;
export type ModelEntry = z.infer<typeof modelSchema>;
export type SpeechModelEntry = z.infer<typeof speechModelSchema>;
export type RegistryConfig = z.infer<typeof registrySchema>;
/** What authors write: defaults (durationFormat, constants, requiresImage, checkFidelity) may be omitted. */
export type RegistryConfigInput = z.input<typeof registrySchema>;
export type ModelEntryInput = z.input<typeof modelSchema>;
