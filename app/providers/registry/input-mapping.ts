/**
 * Turns the pipeline's GenerationInput into one provider's input object, following the model's
 * declarative mapping. Fields the model does not map are dropped, so a model never receives a
 * parameter its schema rejects; a duration is first fitted to the lengths the model accepts and
 * then spelled the provider's way (Sora `seconds: "8"`, Veo `duration: "8s"`, Kling on fal
 * `duration: "5"`, Kling on Replicate `duration: 5`).
 */
import type { GenerationInput } from "../types";
import { fitDuration } from "./durations";
import type { ModelEntry, ModelInputMapping } from "./schema";

function formatDuration(seconds: number, format: ModelInputMapping["durationFormat"]): number | string {
  if (format === "string") return String(seconds);
  if (format === "seconds_suffix") return `${seconds}s`;
  return seconds;
}

export function mapGenerationInput(model: ModelEntry, input: GenerationInput): Record<string, unknown> {
  const map = model.inputs;
  const out: Record<string, unknown> = { ...map.constants };
  const set = (key: string | undefined, value: unknown) => {
    if (key && value !== undefined && value !== "") out[key] = value;
  };
  set(map.prompt, input.prompt);
  set(map.negativePrompt, input.negativePrompt);
  set(map.image, input.imageUrls[0]);
  if (map.images && input.imageUrls.length) out[map.images] = [...input.imageUrls];
  set(map.width, input.width);
  set(map.height, input.height);
  set(map.aspectRatio, input.aspectRatio);
  const seconds = fitDuration(model, input.durationSeconds);
  if (seconds !== undefined) set(map.durationSeconds, formatDuration(seconds, map.durationFormat));
  set(map.seed, input.seed);
  set(map.audio, input.audioUrl);
  // Extras are model-specific inputs (a mask, a human photo, an audio track) named by the caller.
  return { ...out, ...input.extra };
}
