/**
 * Multi-photo product video: several product angles become one MP4. Each angle is one segment
 * (a still photo gets a slow push-in, a clip from a video model is trimmed to the segment length),
 * consecutive segments are joined with a cross-fade, and every segment is a chapter of the file,
 * so players (and tests) can see where each angle starts. One ffmpeg run with a timeout; inputs
 * and output go through a private temp directory that is always removed.
 *
 * Duration: n segments of S seconds overlapping by T seconds at each of the n-1 joins last
 * n·S − (n−1)·T seconds.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { sniffMedia } from "../media/sniff";
import type { VideoTools } from "../media/video-checks";
import { MAX_ANGLES, MIN_ANGLES, type Transition } from "./stitch-limits";

const run = promisify(execFile);

export interface StitchOptions {
  segmentSeconds?: number;
  transitionSeconds?: number;
  transition?: Transition;
  width?: number;
  height?: number;
  fps?: number;
  tools?: VideoTools;
}

export interface StitchedVideo {
  mp4: Buffer;
  segments: number;
  /** n·S − (n−1)·T, what the file is rendered to last. */
  expectedDurationMs: number;
}

export function stitchedDurationMs(segments: number, segmentSeconds: number, transitionSeconds: number): number {
  return Math.round((segments * segmentSeconds - (segments - 1) * transitionSeconds) * 1000);
}

export async function stitchAngles(angles: Buffer[], options: StitchOptions = {}): Promise<StitchedVideo> {
  const { segmentSeconds = 3, transitionSeconds = 0.5, transition = "fade", width = 720, height = 720, fps = 24, tools = {} } = options;
  if (angles.length < MIN_ANGLES || angles.length > MAX_ANGLES) {
    throw new RangeError(`A multi-photo video needs ${MIN_ANGLES} to ${MAX_ANGLES} angles, got ${angles.length}`);
  }
  if (!(transitionSeconds > 0 && transitionSeconds < segmentSeconds)) throw new RangeError("The transition must be shorter than a segment");
  const kinds = angles.map((bytes, i) => {
    const kind = sniffMedia(bytes)?.kind;
    if (!kind) throw new TypeError(`Angle ${i + 1} is neither an image nor a video`);
    return kind;
  });

  const dir = await mkdtemp(join(tmpdir(), "glint-stitch-"));
  try {
    const inputs: string[] = [];
    for (const [i, bytes] of angles.entries()) {
      const file = join(dir, `angle-${i}`);
      await writeFile(file, bytes);
      inputs.push(...(kinds[i] === "image" ? ["-loop", "1", "-t", String(segmentSeconds), "-i", file] : ["-t", String(segmentSeconds), "-i", file]));
    }
    const step = segmentSeconds - transitionSeconds;
    const totalMs = stitchedDurationMs(angles.length, segmentSeconds, transitionSeconds);
    const chapters = join(dir, "chapters.txt");
    await writeFile(chapters, chapterMetadata(angles.length, step * 1000, totalMs));

    const frames = Math.round(segmentSeconds * fps);
    const fit = `scale=${width}:${height}:force_original_aspect_ratio=decrease,pad=${width}:${height}:(ow-iw)/2:(oh-ih)/2:color=white,setsar=1`;
    const prepared = kinds.map((kind, i) => {
      const move = kind === "image" ? `,zoompan=z='1+0.08*on/${frames}':x='iw/2-iw/zoom/2':y='ih/2-ih/zoom/2':d=1:s=${width}x${height}:fps=${fps}` : "";
      // A clip shorter than its segment holds its last frame, so every join lands where the chapters say.
      const hold = kind === "video" ? `,tpad=stop_mode=clone:stop_duration=${segmentSeconds}` : "";
      return `[${i}:v]${fit}${move}${hold},fps=${fps},trim=duration=${segmentSeconds},setpts=PTS-STARTPTS,format=yuv420p[s${i}]`;
    });
    const joins: string[] = [];
    let last = "s0";
    for (let i = 1; i < angles.length; i++) {
      const out = i === angles.length - 1 ? "out" : `x${i}`;
      joins.push(`[${last}][s${i}]xfade=transition=${transition}:duration=${transitionSeconds}:offset=${(i * step).toFixed(3)}[${out}]`);
      last = out;
    }
    const output = join(dir, "stitched.mp4");
    await run(
      tools.ffmpegPath ?? "ffmpeg",
      [
        "-v", "error", "-y",
        ...inputs,
        "-i", chapters,
        "-filter_complex", [...prepared, ...joins].join(";"),
        "-map", "[out]",
        "-map_metadata", String(angles.length),
        "-map_chapters", String(angles.length),
        "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-r", String(fps),
        "-movflags", "+faststart",
        output,
      ],
      { timeout: tools.timeoutMs ?? 180_000, maxBuffer: 4 * 1024 * 1024 },
    );
    return { mp4: await readFile(output), segments: angles.length, expectedDurationMs: totalMs };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** One chapter per angle, starting where its segment fades in; the last runs to the end. */
function chapterMetadata(segments: number, stepMs: number, totalMs: number): string {
  const lines = [";FFMETADATA1"];
  for (let i = 0; i < segments; i++) {
    const start = Math.round(i * stepMs);
    const end = i === segments - 1 ? totalMs : Math.round((i + 1) * stepMs);
    lines.push("[CHAPTER]", "TIMEBASE=1/1000", `START=${start}`, `END=${end}`, `title=Angle ${i + 1}`);
  }
  return `${lines.join("\n")}\n`;
}
