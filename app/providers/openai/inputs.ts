/**
 * OpenAI request shapes. GPT Image models answer synchronously (generation, or an edit when the
 * input carries a product image); Sora models are asynchronous video jobs; TTS models answer
 * synchronously with the audio file.
 */
import { withoutUndefined } from "../input-record";
import { ProviderError, type StartRequest } from "../types";

export function isVideoModel(modelRef: string): boolean {
  return /^sora/i.test(modelRef);
}

export function isSpeechModel(modelRef: string): boolean {
  return /tts/i.test(modelRef);
}

export const SPEECH_FORMATS = { mp3: "audio/mpeg", wav: "audio/wav", aac: "audio/aac", flac: "audio/flac", opus: "audio/ogg" } as const;
export type SpeechFormat = keyof typeof SPEECH_FORMATS;

/** POST /v1/audio/speech: the text is `input`, the voice and file format as the caller chose. */
export function speechRequest(request: StartRequest) {
  const { input, voice, response_format, instructions } = request.input as Record<string, string | undefined>;
  const format = (response_format ?? "mp3") as SpeechFormat;
  if (!input || !voice || !(format in SPEECH_FORMATS)) {
    throw new ProviderError("invalid_input", "A voice-over needs text, a voice and a known audio format", { provider: "openai" });
  }
  const body = withoutUndefined({ model: request.modelRef, input, voice, response_format: format, instructions }) as {
    model: string;
    input: string;
    voice: string;
    response_format: SpeechFormat;
    instructions?: string;
  };
  return { body, mime: SPEECH_FORMATS[format] };
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
