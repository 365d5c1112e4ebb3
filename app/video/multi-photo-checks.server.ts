/**
 * What a rendered multi-photo video must be before a merchant sees it, beyond app/media's checks
 * (container, codec, full decode, not all blank): one chapter per angle, the length the stitch
 * promised (n·S − (n−1)·T, within a frame or so), an audio stream when music was chosen, and a
 * real picture in the middle of every segment, so one blank or broken angle cannot hide between
 * good ones. The first segment's middle frame becomes the poster.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import sharp from "sharp";
import { checkImage } from "../media/image-checks";
import { OutputRejected } from "../media/rejection";
import type { VideoTools } from "../media/video-checks";
import type { FrameReview } from "./frame-review.server";
import { sampleFrames } from "./frames.server";

const run = promisify(execFile);

/** Allowed gap between the promised and the measured length. */
export const DURATION_TOLERANCE_MS = 250;

export interface MultiPhotoExpectations {
  segments: number;
  expectedDurationMs: number;
  measuredDurationMs: number;
  withAudio: boolean;
  tools?: VideoTools;
}

interface Probe {
  chapters?: Array<{ start_time: string; end_time: string }>;
  streams?: Array<{ codec_type?: string }>;
}

async function probe(video: Buffer, tools: VideoTools): Promise<Probe> {
  const dir = await mkdtemp(join(tmpdir(), "glint-mpcheck-"));
  try {
    const file = join(dir, "video.mp4");
    await writeFile(file, video);
    const { stdout } = await run(tools.ffprobePath ?? "ffprobe", ["-v", "error", "-print_format", "json", "-show_chapters", "-show_streams", file], {
      timeout: tools.timeoutMs ?? 30_000,
    });
    return JSON.parse(stdout) as Probe;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function checkMultiPhotoVideo(video: Buffer, expect: MultiPhotoExpectations): Promise<{ poster: FrameReview["poster"] }> {
  const tools = expect.tools ?? {};
  if (Math.abs(expect.measuredDurationMs - expect.expectedDurationMs) > DURATION_TOLERANCE_MS) {
    throw new OutputRejected("duration", `The video runs ${(expect.measuredDurationMs / 1000).toFixed(2)} s instead of ${(expect.expectedDurationMs / 1000).toFixed(2)} s`);
  }
  const facts = await probe(video, tools);
  const chapters = facts.chapters ?? [];
  if (chapters.length !== expect.segments) {
    throw new OutputRejected("corrupt", `The video has ${chapters.length} segments instead of ${expect.segments}`);
  }
  if (expect.withAudio && !facts.streams?.some((s) => s.codec_type === "audio")) {
    throw new OutputRejected("corrupt", "The video lost its music track");
  }
  const middles = chapters.map((c) => (Number(c.start_time) + Number(c.end_time)) / 2 / (expect.measuredDurationMs / 1000));
  const frames = await sampleFrames(video, expect.measuredDurationMs, tools, middles);
  if (frames.length !== expect.segments) throw new OutputRejected("corrupt", "A segment of the video cannot be decoded");
  for (const [i, frame] of frames.entries()) {
    try {
      await checkImage(frame.png, { minSide: 64 });
    } catch (error) {
      if (error instanceof OutputRejected && error.code === "blank") throw new OutputRejected("blank", `Angle ${i + 1} of the video shows only a blank frame`);
      throw new OutputRejected("corrupt", `Angle ${i + 1} of the video cannot be decoded`);
    }
  }
  const { data: jpeg, info } = await sharp(frames[0].png).jpeg({ quality: 85, mozjpeg: true }).toBuffer({ resolveWithObject: true });
  return { poster: { jpeg, width: info.width, height: info.height } };
}
