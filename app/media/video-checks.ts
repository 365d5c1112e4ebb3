/**
 * Video checks with ffprobe and ffmpeg: a real container with a video stream and a sane duration,
 * every frame decodes (a corrupted body with an intact header fails the full decode), and not
 * every sampled frame is blank. Each tool call has a timeout; bytes go through a private temp file.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { checkImage } from "./image-checks";
import { OutputRejected } from "./rejection";

const run = promisify(execFile);

export interface VideoTools {
  ffprobePath?: string;
  ffmpegPath?: string;
  timeoutMs?: number;
}

export interface VideoExpectations {
  durationSeconds?: number;
}

export interface VideoFacts {
  width: number;
  height: number;
  durationMs: number;
  container: string;
}

interface Probe {
  format?: { format_name?: string; duration?: string };
  streams?: Array<{ codec_type?: string; width?: number; height?: number; duration?: string }>;
}

const CONTAINERS = /mov|mp4|m4a|3gp|matroska|webm/;
const SAMPLE_POINTS = [0.1, 0.5, 0.9];

export async function checkVideo(bytes: Buffer, expect: VideoExpectations = {}, tools: VideoTools = {}): Promise<VideoFacts> {
  const ffprobe = tools.ffprobePath ?? "ffprobe";
  const ffmpeg = tools.ffmpegPath ?? "ffmpeg";
  const timeout = tools.timeoutMs ?? 30_000;
  const dir = await mkdtemp(join(tmpdir(), "glint-video-"));
  const file = join(dir, "output");
  try {
    await writeFile(file, bytes);
    let probe: Probe;
    try {
      const { stdout } = await run(ffprobe, ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", file], { timeout });
      probe = JSON.parse(stdout) as Probe;
    } catch {
      throw new OutputRejected("corrupt", "The video file is damaged and cannot be opened");
    }
    const container = probe.format?.format_name ?? "";
    const stream = probe.streams?.find((s) => s.codec_type === "video");
    if (!CONTAINERS.test(container) || !stream?.width || !stream.height) {
      throw new OutputRejected("corrupt", "The file is not a playable video");
    }
    const seconds = Number(probe.format?.duration ?? stream.duration ?? 0);
    if (!(seconds >= 0.5)) throw new OutputRejected("duration", "The video is empty or shorter than half a second");
    if (expect.durationSeconds && seconds > expect.durationSeconds * 2 + 1) {
      throw new OutputRejected("duration", `The video runs ${seconds.toFixed(1)} s, far longer than requested`);
    }
    // Full decode: ffmpeg reports any broken packet on stderr at -v error.
    const decode = await run(ffmpeg, ["-v", "error", "-xerror", "-i", file, "-f", "null", "-"], { timeout }).catch(() => undefined);
    if (!decode || decode.stderr.trim()) throw new OutputRejected("corrupt", "The video file is damaged and does not play through");
    await rejectIfAllFramesBlank(ffmpeg, file, seconds, timeout);
    return { width: stream.width, height: stream.height, durationMs: Math.round(seconds * 1000), container };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function rejectIfAllFramesBlank(ffmpeg: string, file: string, seconds: number, timeout: number): Promise<void> {
  let blank = 0;
  for (const point of SAMPLE_POINTS) {
    const { stdout } = await run(
      ffmpeg,
      ["-v", "error", "-ss", (seconds * point).toFixed(2), "-i", file, "-frames:v", "1", "-f", "image2pipe", "-vcodec", "png", "-"],
      { timeout, encoding: "buffer", maxBuffer: 64 * 1024 * 1024 },
    );
    try {
      await checkImage(stdout, { minSide: 1 });
    } catch (error) {
      if (error instanceof OutputRejected && error.code === "blank") blank++;
      else throw new OutputRejected("corrupt", "A frame of the video cannot be decoded");
    }
  }
  if (blank === SAMPLE_POINTS.length) throw new OutputRejected("blank", "The video shows only a blank frame");
}
