/**
 * POST /v1/audio/speech for the OpenAI simulator: the request is checked the way the API checks it
 * (model, input up to 4096 characters, a known voice, response_format, speed 0.25–4), and the
 * answer is a real audio file whose length follows the text: about 2.5 spoken words per second at
 * speed 1, synthesised by ffmpeg as a voiced tone with a syllable rhythm (no speech engine offline).
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

export const SPEECH_VOICES = ["alloy", "ash", "ballad", "coral", "echo", "fable", "nova", "onyx", "sage", "shimmer", "verse", "marin", "cedar"];
export const SPEECH_MODELS = ["tts-1", "tts-1-hd", "gpt-4o-mini-tts"];
const MAX_INPUT = 4096;
export const WORDS_PER_SECOND = 2.5;

const FORMATS: Record<string, { contentType: string; args: string[] }> = {
  mp3: { contentType: "audio/mpeg", args: ["-c:a", "libmp3lame", "-b:a", "48k", "-f", "mp3"] },
  wav: { contentType: "audio/wav", args: ["-c:a", "pcm_s16le", "-f", "wav"] },
  aac: { contentType: "audio/aac", args: ["-c:a", "aac", "-b:a", "64k", "-f", "adts"] },
  flac: { contentType: "audio/flac", args: ["-c:a", "flac", "-f", "flac"] },
  opus: { contentType: "audio/ogg", args: ["-c:a", "libopus", "-b:a", "32k", "-f", "ogg"] },
  pcm: { contentType: "audio/pcm", args: ["-c:a", "pcm_s16le", "-f", "s16le"] },
};

/** Control endpoint (like /_sim/faults): what has been voiced, for tests in another process. */
export const SPEECH_LOG_PATH = "/_sim/speech";

export async function voicedRequests(simUrl: string): Promise<SpeechRequest[]> {
  const response = await fetch(`${simUrl}${SPEECH_LOG_PATH}`, { signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`speech log answered ${response.status}`);
  return ((await response.json()) as { requests: SpeechRequest[] }).requests;
}

export interface SpeechRequest {
  model: string;
  input: string;
  voice: string;
  response_format: string;
  speed: number;
  instructions?: string;
}

export type SpeechCheck = { ok: true; request: SpeechRequest } | { ok: false; message: string; param: string };

export function checkSpeechRequest(body: Record<string, unknown>): SpeechCheck {
  const { model, input, voice, instructions } = body;
  const format = body.response_format ?? "mp3";
  const speed = body.speed ?? 1;
  if (typeof model !== "string" || !SPEECH_MODELS.includes(model)) return { ok: false, message: `Invalid model: '${String(model)}'.`, param: "model" };
  if (typeof input !== "string" || !input.trim()) return { ok: false, message: "Missing required parameter: 'input'.", param: "input" };
  if (input.length > MAX_INPUT) return { ok: false, message: `'input' is too long: at most ${MAX_INPUT} characters.`, param: "input" };
  if (typeof voice !== "string" || !SPEECH_VOICES.includes(voice)) {
    return { ok: false, message: `Invalid value: '${String(voice)}'. Supported values are: ${SPEECH_VOICES.map((v) => `'${v}'`).join(", ")}.`, param: "voice" };
  }
  if (typeof format !== "string" || !(format in FORMATS)) return { ok: false, message: `Invalid value: '${String(format)}'.`, param: "response_format" };
  if (typeof speed !== "number" || speed < 0.25 || speed > 4) return { ok: false, message: "'speed' must be between 0.25 and 4.0.", param: "speed" };
  if (instructions !== undefined && (typeof instructions !== "string" || model.startsWith("tts-1"))) {
    return { ok: false, message: "'instructions' is not supported for this model.", param: "instructions" };
  }
  return { ok: true, request: { model, input, voice, response_format: format, speed, instructions: instructions as string | undefined } };
}

/** How long the spoken text lasts: words at 2.5 per second, scaled by speed, at least one second. */
export function speechSeconds(input: string, speed = 1): number {
  const words = input.trim().split(/\s+/).filter(Boolean).length;
  return Math.max(1, Math.round((words / WORDS_PER_SECOND / speed) * 100) / 100);
}

export async function synthesiseSpeech(request: SpeechRequest): Promise<{ bytes: Buffer; contentType: string }> {
  const seconds = speechSeconds(request.input, request.speed);
  // Each voice gets its own pitch; the 3.8 Hz envelope is roughly a syllable rate.
  const pitch = 140 + (SPEECH_VOICES.indexOf(request.voice) % 7) * 15;
  const voice = `0.35*sin(2*PI*(${pitch}+25*sin(2*PI*0.6*t))*t)*(0.5+0.5*sin(2*PI*3.8*t))`;
  const format = FORMATS[request.response_format];
  const { stdout } = await run(
    "ffmpeg",
    ["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", `aevalsrc=exprs='${voice}':s=24000:d=${seconds}`, "-ac", "1", ...format.args, "-"],
    { timeout: 30_000, encoding: "buffer", maxBuffer: 64 * 1024 * 1024 },
  );
  return { bytes: stdout, contentType: format.contentType };
}
