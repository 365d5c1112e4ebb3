/**
 * The finishing pass of a multi-photo video: the product's title and price drawn over a soft band
 * at the bottom (ffmpeg drawtext with a real font file, text read from files so no title can break
 * the filter syntax), and a bundled music loop under the picture, looped to the video's length and
 * faded out over the last second. Chapters are carried over. One ffmpeg run with a timeout, in a
 * private temp directory that is always removed. Without overlay or music it returns the input.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { VideoTools } from "../media/video-checks";
import { MUSIC_TRACKS, type MusicTrackId } from "./music-tracks";

const run = promisify(execFile);

export interface Overlay {
  title: string;
  /** Already formatted for the shop ("$24.00", "From €12.50"). */
  price?: string;
}

export interface FinishOptions {
  overlay?: Overlay;
  music?: MusicTrackId;
  durationMs: number;
  /** TrueType font for the overlay. */
  fontFile: string;
  tools?: VideoTools;
}

export function musicFile(id: MusicTrackId): string {
  const track = MUSIC_TRACKS.find((t) => t.id === id);
  if (!track) throw new RangeError(`Unknown music track ${id}`);
  return fileURLToPath(new URL(`./music/${track.file}`, import.meta.url));
}

export async function finishVideo(mp4: Buffer, options: FinishOptions): Promise<Buffer> {
  if (!options.overlay && !options.music) return mp4;
  const tools = options.tools ?? {};
  const seconds = options.durationMs / 1000;
  const dir = await mkdtemp(join(tmpdir(), "glint-finish-"));
  try {
    const input = join(dir, "in.mp4");
    const output = join(dir, "out.mp4");
    await writeFile(input, mp4);
    const args = ["-v", "error", "-y", "-i", input];
    if (options.music) args.push("-stream_loop", "-1", "-i", musicFile(options.music));

    if (options.overlay) {
      const title = join(dir, "title.txt");
      await writeFile(title, options.overlay.title);
      const text = (file: string, size: string, y: string) =>
        `drawtext=fontfile='${options.fontFile}':textfile='${file}':fontcolor=white:fontsize=${size}:x=(w-text_w)/2:y=${y}:shadowcolor=black@0.6:shadowx=2:shadowy=2`;
      const layers = ["drawbox=x=0:y=ih*0.76:w=iw:h=ih*0.24:color=black@0.45:t=fill", text(title, "h/18", "h*0.79")];
      if (options.overlay.price) {
        const price = join(dir, "price.txt");
        await writeFile(price, options.overlay.price);
        layers.push(text(price, "h/22", "h*0.88"));
      }
      args.push("-filter:v", layers.join(","), "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p");
    } else {
      args.push("-c:v", "copy");
    }
    args.push("-map", "0:v:0");
    if (options.music) {
      const fadeStart = Math.max(0, seconds - 1).toFixed(3);
      args.push("-map", "1:a:0", "-filter:a", `afade=t=out:st=${fadeStart}:d=1`, "-c:a", "aac", "-b:a", "128k", "-t", seconds.toFixed(3));
    }
    args.push("-map_chapters", "0", "-movflags", "+faststart", output);
    await run(tools.ffmpegPath ?? "ffmpeg", args, { timeout: tools.timeoutMs ?? 180_000, maxBuffer: 4 * 1024 * 1024 });
    return await readFile(output);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
