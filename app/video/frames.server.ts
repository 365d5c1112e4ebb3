/**
 * Still frames out of a video with ffmpeg: a few frames sampled across the clip (for the product
 * fidelity check and the poster), each extracted as PNG by its own ffmpeg call with a timeout.
 * The bytes go through a private temp file that is always removed.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { VideoTools } from "../media/video-checks";

const run = promisify(execFile);

/** Where frames are taken, as fractions of the duration: start, middle and near the end. */
export const FRAME_POINTS = [0.05, 0.5, 0.9] as const;

export interface VideoFrame {
  atSeconds: number;
  png: Buffer;
}

export async function sampleFrames(
  video: Buffer,
  durationMs: number,
  tools: VideoTools = {},
  points: readonly number[] = FRAME_POINTS,
): Promise<VideoFrame[]> {
  const dir = await mkdtemp(join(tmpdir(), "glint-frames-"));
  const file = join(dir, "video");
  try {
    await writeFile(file, video);
    const frames: VideoFrame[] = [];
    for (const point of points) {
      const atSeconds = Number(((durationMs / 1000) * point).toFixed(2));
      const { stdout } = await run(
        tools.ffmpegPath ?? "ffmpeg",
        ["-v", "error", "-ss", String(atSeconds), "-i", file, "-frames:v", "1", "-f", "image2pipe", "-vcodec", "png", "-"],
        { timeout: tools.timeoutMs ?? 30_000, encoding: "buffer", maxBuffer: 64 * 1024 * 1024 },
      );
      if (stdout.length) frames.push({ atSeconds, png: stdout });
    }
    return frames;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
