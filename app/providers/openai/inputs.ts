/**
 * OpenAI request shapes. GPT Image models answer synchronously (generation, or an edit when the
 * input carries a product image); Sora models are asynchronous video jobs.
 */
import { withoutUndefined } from "../input-record";
import type { StartRequest } from "../types";

export function isVideoModel(modelRef: string): boolean {
  return /^sora/i.test(modelRef);
}

/** The product image URL of an input, if any (edits and image-to-video). */
export function referenceImageUrl(input: Record<string, unknown>): string | undefined {
  const value = input.image_url ?? input.image;
  return typeof value === "string" ? value : undefined;
}

export function imageRequest(request: StartRequest) {
  const { prompt, size, quality, background } = request.input as Record<string, string | undefined>;
  return withoutUndefined({ model: request.modelRef, prompt: prompt ?? "", n: 1, size, quality, background }) as {
    model: string;
    prompt: string;
    n: number;
    size?: "1024x1024" | "1536x1024" | "1024x1536" | "auto";
    quality?: "low" | "medium" | "high" | "auto";
    background?: "transparent" | "opaque" | "auto";
  };
}

export function videoRequest(request: StartRequest) {
  const { prompt, seconds, size } = request.input as Record<string, string | undefined>;
  return withoutUndefined({ model: request.modelRef, prompt: prompt ?? "", seconds, size }) as {
    model: string;
    prompt: string;
    seconds?: "4" | "8" | "12";
    size?: "720x1280" | "1280x720" | "1024x1792" | "1792x1024";
  };
}
