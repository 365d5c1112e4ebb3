/**
 * The final cut of a UGC presenter video, rendered by ffmpeg in the worker: the lip-synced avatar
 * clip fills a vertical 9:16 frame, the product photo appears as a card after the hook, and the
 * approved voice-over is the sound track. The video lasts exactly as long as the voice (the avatar
 * clip is looped if it comes back shorter). One ffmpeg run with a timeout; inputs and output go
 * through a private temp directory that is always removed.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { OutputRejected } from "../media/rejection";
import type { VideoTools } from "../media/video-checks";

const run = promisify(execFile);

export const UGC_FRAME = { width: 720, height: 1280, fps: 24 } as const;
/** When the product card appears: after the hook has been said. */
const CARD_FROM_SECONDS = 1.5;
const CARD_SIDE = 280;

export interface ComposeInput {
  avatar: Buffer;
  productImage: Buffer;
  voice: Buffer;
  voiceDurationMs: number;
  tools?: VideoTools;
}

export async function composeUgcVideo(input: ComposeInput): Promise<Buffer> {
  const { width, height, fps } = UGC_FRAME;
  const tools = input.tools ?? {};
  const dir = await mkdtemp(join(tmpdir(), "glint-ugc-"));
  try {
    const [avatar, product, voice, output] = ["avatar", "product", "voice", "ugc.mp4"].map((name) => join(dir, name));
    await Promise.all([writeFile(avatar, input.avatar), writeFile(product, input.productImage), writeFile(voice, input.voice)]);
    const seconds = (input.voiceDurationMs / 1000).toFixed(3);
    const filter = [
      `[0:v]scale=${width}:${height}:force_original_aspect_ratio=increase,crop=${width}:${height},setsar=1,fps=${fps}[bg]`,
      `[1:v]scale=${CARD_SIDE - 24}:${CARD_SIDE - 24}:force_original_aspect_ratio=decrease,pad=${CARD_SIDE}:${CARD_SIDE}:(ow-iw)/2:(oh-ih)/2:color=white,setsar=1[card]`,
      `[bg][card]overlay=x=W-w-24:y=H-h-140:enable='gte(t,${CARD_FROM_SECONDS})',format=yuv420p[v]`,
    ].join(";");
    try {
      await run(
        tools.ffmpegPath ?? "ffmpeg",
        [
          "-v", "error", "-y",
          "-stream_loop", "-1", "-i", avatar,
          "-loop", "1", "-i", product,
          "-i", voice,
          "-filter_complex", filter,
          "-map", "[v]", "-map", "2:a",
          "-t", seconds,
          "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-r", String(fps),
          "-c:a", "aac", "-b:a", "96k",
          "-movflags", "+faststart",
          output,
        ],
        { timeout: tools.timeoutMs ?? 180_000, maxBuffer: 4 * 1024 * 1024 },
      );
    } catch {
      throw new OutputRejected("corrupt", "The presenter clip could not be combined with the voice-over and product photo");
    }
    return await readFile(output);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface AudioFacts {
  durationMs: number;
}

interface Probe {
  format?: { duration?: string };
  streams?: Array<{ codec_type?: string }>;
}

/** ffprobe's view of a media file; an unreadable file has no streams. */
async function probe(bytes: Buffer, tools: VideoTools): Promise<Probe> {
  const dir = await mkdtemp(join(tmpdir(), "glint-probe-"));
  try {
    const file = join(dir, "media");
    await writeFile(file, bytes);
    const { stdout } = await run(tools.ffprobePath ?? "ffprobe", ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", file], {
      timeout: tools.timeoutMs ?? 30_000,
    }).catch(() => ({ stdout: "{}" }));
    return JSON.parse(stdout) as Probe;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Duration of an audio file (the voice-over); a file without audio is refused. */
export async function probeAudio(bytes: Buffer, tools: VideoTools = {}): Promise<AudioFacts> {
  const facts = await probe(bytes, tools);
  const seconds = Number(facts.format?.duration ?? 0);
  if (!facts.streams?.some((s) => s.codec_type === "audio") || !(seconds > 0.5)) {
    throw new OutputRejected("corrupt", "The voice-over is not a playable audio file");
  }
  return { durationMs: Math.round(seconds * 1000) };
}

/** True when the video file has an audio stream (the composed video must carry the voice). */
export async function hasAudioStream(bytes: Buffer, tools: VideoTools = {}): Promise<boolean> {
  return (await probe(bytes, tools)).streams?.some((s) => s.codec_type === "audio") ?? false;
}
