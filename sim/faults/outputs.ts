/**
 * Real output files for the provider simulators, derived from the input image with sharp (and
 * ffmpeg for video), with the output faults of the engine applied: blank or uniform images,
 * truncated or corrupt bytes, a wrong content type, or a product whose colours were changed
 * (what the pipeline's fidelity check must catch). Shared by Replicate, fal and OpenAI.
 * Talking-avatar models get an audio track: their clip lasts as long as the audio and carries it,
 * as a lip-synced presenter video does.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import sharp from "sharp";
import { renderProductImage } from "../shared/product-image";
import { hashSeed, seededRandom } from "../shared/random";
import type { OutputFault } from "./engine";

const run = promisify(execFile);

export type OutputTask = "background_removal" | "upscale" | "scene" | "video";

export interface OutputFile {
  bytes: Buffer;
  contentType: string;
  extension: string;
}

const VIDEO_MODEL = /video|kling|sora|veo|runway|luma|hailuo|minimax|wan-|wan2|seedance|pika|i2v|t2v|avatar|omnihuman|omni-human|aurora|lipsync|lip-sync/i;
const REMOVAL_MODEL = /remov|rembg|birefnet|matting|cutout/i;
const UPSCALE_MODEL = /upscal|esrgan|clarity|aura-sr|supir/i;

/** What a model does, from its published ref (the simulator has no registry of its own). */
export function taskForModel(modelRef: string): OutputTask {
  if (VIDEO_MODEL.test(modelRef)) return "video";
  if (REMOVAL_MODEL.test(modelRef)) return "background_removal";
  if (UPSCALE_MODEL.test(modelRef)) return "upscale";
  return "scene";
}

const IMAGE_KEYS = ["image", "image_url", "input_image", "input_images", "image_urls", "start_image", "first_frame_image", "input_reference", "img"];

/** The input image URL of a provider request, under the names the providers' models use. */
export function findImageUrl(input: Record<string, unknown>): string | undefined {
  for (const key of IMAGE_KEYS) {
    const value = input[key];
    const candidate = Array.isArray(value) ? value[0] : value;
    if (typeof candidate === "string" && /^(https?|data):/.test(candidate)) return candidate;
  }
  return undefined;
}

const AUDIO_KEYS = ["audio_url", "audio", "driven_audio"];
/** Talking-avatar clips follow the audio, up to this long. */
const MAX_AVATAR_SECONDS = 60;

/** The input audio URL of a talking-avatar request. */
export function findAudioUrl(input: Record<string, unknown>): string | undefined {
  const value = AUDIO_KEYS.map((key) => input[key]).find((v) => typeof v === "string" && /^(https?|data):/.test(v));
  return value as string | undefined;
}

/** Fetches an input audio file; undefined when it cannot be had. */
export async function loadAudio(url: string | undefined): Promise<Buffer | undefined> {
  if (!url) return undefined;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    return response.ok ? Buffer.from(await response.arrayBuffer()) : undefined;
  } catch {
    return undefined;
  }
}

/** Fetches an input image; undefined when it cannot be had (the output is then generated from the prompt). */
export async function loadImage(url: string | undefined): Promise<Buffer | undefined> {
  if (!url) return undefined;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    if (!response.ok) return undefined;
    const bytes = Buffer.from(await response.arrayBuffer());
    await sharp(bytes).metadata();
    return bytes;
  } catch {
    return undefined;
  }
}

export interface RenderRequest {
  task: OutputTask;
  input?: Buffer;
  prompt: string;
  seed: number;
  width?: number;
  height?: number;
  durationSeconds?: number;
  /** Talking avatar: the voice track the clip lasts as long as and carries. */
  audio?: Buffer;
  fault?: OutputFault;
}

export async function renderOutput(request: RenderRequest): Promise<OutputFile> {
  const file = request.task === "video" ? await renderVideo(request) : await renderImage(request);
  return applyByteFault(file, request.fault, request.seed);
}

async function sourceImage(request: RenderRequest): Promise<Buffer> {
  if (request.input) return sharp(request.input).png().toBuffer();
  const kind = ["watch", "ring", "shirt", "mug", "chair", "bottle", "box", "phone", "bag", "shoe"].find((k) =>
    request.prompt.toLowerCase().includes(k),
  );
  return renderProductImage({
    seed: hashSeed(request.prompt) ^ request.seed,
    width: request.width ?? 768,
    height: request.height ?? 768,
    angle: 0,
    kind: kind ?? "box",
  });
}

async function renderImage(request: RenderRequest): Promise<OutputFile> {
  const source = await sourceImage(request);
  const { width = 768, height = 768 } = await sharp(source).metadata();
  if (request.fault === "blank_image") return png(await solid(width, height, "#ffffff"));
  if (request.fault === "uniform_image") return png(await solid(width, height, uniformColour(request.seed)));

  const { data, info } = await sharp(source).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const mask = productMask(data, info.width, info.height);
  const random = seededRandom(hashSeed(request.prompt) ^ request.seed);
  const background: [number, number, number] = [random.int(150, 250), random.int(150, 250), random.int(150, 250)];
  const pixels = Buffer.from(data);
  for (let i = 0, p = 0; i < pixels.length; i += 4, p++) {
    if (mask[p]) {
      if (request.fault === "altered_product") {
        // A different product: colours rotated, so the shape matches but the product does not.
        const [r, g, b] = [pixels[i], pixels[i + 1], pixels[i + 2]];
        pixels[i] = b;
        pixels[i + 1] = 255 - r;
        pixels[i + 2] = g;
      }
      continue;
    }
    if (request.task === "background_removal") {
      pixels[i + 3] = 0;
    } else {
      // New scene: a vertical gradient of the seeded colour, darker towards a "floor".
      const y = Math.floor(p / info.width) / info.height;
      const shade = 1 - 0.25 * y;
      pixels[i] = Math.round(background[0] * shade);
      pixels[i + 1] = Math.round(background[1] * shade);
      pixels[i + 2] = Math.round(background[2] * shade);
    }
  }
  let image = sharp(pixels, { raw: { width: info.width, height: info.height, channels: 4 } });
  if (request.task === "upscale") {
    const factor = Math.max(1, Math.min(2, Math.floor(4096 / Math.max(info.width, info.height))));
    image = image.resize(info.width * factor, info.height * factor, { kernel: "lanczos3" });
  } else if (request.width && request.height && (request.width !== info.width || request.height !== info.height)) {
    image = image.resize(request.width, request.height, { fit: "contain", background: { r: background[0], g: background[1], b: background[2] } });
  }
  return png(await image.png().toBuffer());
}

/**
 * Which pixels belong to the product: those far from the background colour, estimated from the
 * four corners (product photos have the object in the middle on a plain backdrop).
 */
function productMask(rgba: Buffer, width: number, height: number): Uint8Array {
  const patch = Math.max(1, Math.floor(Math.min(width, height) / 16));
  const sum = [0, 0, 0];
  let count = 0;
  for (const [x0, y0] of [[0, 0], [width - patch, 0], [0, height - patch], [width - patch, height - patch]]) {
    for (let y = y0; y < y0 + patch; y++) {
      for (let x = x0; x < x0 + patch; x++) {
        const i = (y * width + x) * 4;
        sum[0] += rgba[i];
        sum[1] += rgba[i + 1];
        sum[2] += rgba[i + 2];
        count++;
      }
    }
  }
  const bg = sum.map((s) => s / count);
  const mask = new Uint8Array(width * height);
  for (let p = 0; p < mask.length; p++) {
    const i = p * 4;
    const distance = Math.abs(rgba[i] - bg[0]) + Math.abs(rgba[i + 1] - bg[1]) + Math.abs(rgba[i + 2] - bg[2]);
    mask[p] = rgba[i + 3] > 0 && distance > 60 ? 1 : 0;
  }
  return mask;
}

function uniformColour(seed: number): string {
  const level = seededRandom(seed).int(40, 215).toString(16).padStart(2, "0");
  return `#${level}${level}${level}`;
}

function solid(width: number, height: number, colour: string): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: colour } }).png().toBuffer();
}

function png(bytes: Buffer): OutputFile {
  return { bytes, contentType: "image/png", extension: "png" };
}

const CACHE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../.glint/sim-cache");

/** Clips being encoded, so concurrent jobs with the same frame share one ffmpeg run. */
const encoding = new Map<string, Promise<Buffer>>();

/** A short real H.264 MP4 made from the (possibly faulty) frame; cached by content so each clip is encoded once. */
async function renderVideo(request: RenderRequest): Promise<OutputFile> {
  const blank = request.fault === "blank_image" || request.fault === "uniform_image";
  const frame = blank ? await solid(320, 320, "#000000") : (await renderImage({ ...request, task: "scene" })).bytes;
  const seconds = request.audio
    ? Math.min(MAX_AVATAR_SECONDS, await audioSeconds(request.audio))
    : Math.max(1, Math.min(4, Math.round(request.durationSeconds ?? 2)));
  const hash = createHash("sha256").update(frame).update(`:${seconds}`);
  if (request.audio) hash.update(request.audio);
  const key = hash.digest("hex").slice(0, 32);
  let clip = encoding.get(key);
  if (!clip) {
    clip = readFile(join(CACHE_DIR, `${key}.mp4`)).catch(() => encodeClip(frame, seconds, key, request.audio));
    encoding.set(key, clip);
    void clip.finally(() => encoding.delete(key)).catch(() => undefined);
  }
  return { bytes: await clip, contentType: "video/mp4", extension: "mp4" };
}

async function audioSeconds(audio: Buffer): Promise<number> {
  const work = join(tmpdir(), `glint-sim-audio-${createHash("sha256").update(audio).digest("hex").slice(0, 16)}-${process.pid}`);
  await mkdir(work, { recursive: true });
  try {
    await writeFile(join(work, "audio"), audio);
    const { stdout } = await run("ffprobe", ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", join(work, "audio")], { timeout: 15_000 });
    const seconds = Number(stdout.trim());
    if (!(seconds > 0)) throw new Error("the audio input has no duration");
    return seconds;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function encodeClip(frame: Buffer, seconds: number, key: string, audio?: Buffer): Promise<Buffer> {
  await mkdir(CACHE_DIR, { recursive: true });
  const work = join(tmpdir(), `glint-sim-${key}-${process.pid}`);
  await mkdir(work, { recursive: true });
  try {
    await writeFile(join(work, "frame.png"), frame);
    if (audio) await writeFile(join(work, "audio"), audio);
    const out = join(work, "clip.mp4");
    const withAudio = audio ? ["-i", join(work, "audio"), "-map", "0:v", "-map", "1:a", "-c:a", "aac", "-b:a", "64k"] : [];
    // Slow zoom so consecutive frames differ (a still would look like a frozen encode).
    await run(
      "ffmpeg",
      ["-hide_banner", "-loglevel", "error", "-y", "-loop", "1", "-i", join(work, "frame.png"), ...withAudio, "-t", String(seconds), "-r", "12",
        "-vf", "scale=360:-2,zoompan=z='1+0.002*on':d=1:s=320x320:fps=12,format=yuv420p",
        "-c:v", "libx264", "-preset", "ultrafast", "-movflags", "+faststart", out],
      { timeout: 60_000 },
    );
    const clip = await readFile(out);
    // Written beside the cache entry, then renamed: a reader never sees a half-written clip.
    const partial = join(CACHE_DIR, `${key}.${process.pid}.partial`);
    await writeFile(partial, clip);
    await rename(partial, join(CACHE_DIR, `${key}.mp4`));
    return clip;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function applyByteFault(file: OutputFile, fault: OutputFault | undefined, seed: number): OutputFile {
  switch (fault) {
    case "truncated_file":
      return { ...file, bytes: file.bytes.subarray(0, Math.floor(file.bytes.length * 0.55)) };
    case "corrupt_file": {
      // Header intact (it still "looks like" a PNG/MP4), body overwritten with noise.
      const bytes = Buffer.from(file.bytes);
      const random = seededRandom(seed);
      for (let i = Math.min(64, bytes.length); i < bytes.length; i += 3) bytes[i] = random.int(0, 255);
      return { ...file, bytes };
    }
    case "wrong_content_type":
      return { ...file, contentType: "text/html; charset=utf-8" };
    default:
      return file;
  }
}
