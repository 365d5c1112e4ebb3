/**
 * Multi-photo product video with the real ffmpeg: four product angles become one MP4 with four
 * segments (chapters), cross-faded, of the expected length, that plays through, shows a different
 * angle in each segment and no blank frame; a clip from a video model can stand in for a photo.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { checkImage } from "../../app/media/image-checks";
import { checkVideo } from "../../app/media/video-checks";
import { sampleFrames } from "../../app/video/frames.server";
import { stitchAngles, stitchedDurationMs } from "../../app/video/stitch.server";
import { renderOutput } from "../../sim/faults/outputs";
import { renderProductImage } from "../../sim/shared/product-image";

const run = promisify(execFile);

const angles = () => Promise.all([0, 1, 2, 3].map((angle) => renderProductImage({ seed: 41, width: 800, height: 800, angle, kind: "shoe" })));

async function chapters(mp4: Buffer): Promise<Array<{ start: number; end: number; title: string }>> {
  const dir = await mkdtemp(join(tmpdir(), "glint-stitch-test-"));
  try {
    await writeFile(join(dir, "v.mp4"), mp4);
    const { stdout } = await run("ffprobe", ["-v", "error", "-print_format", "json", "-show_chapters", join(dir, "v.mp4")], { timeout: 30_000 });
    const parsed = JSON.parse(stdout) as { chapters: Array<{ start_time: string; end_time: string; tags?: { title?: string } }> };
    return parsed.chapters.map((c) => ({ start: Number(c.start_time), end: Number(c.end_time), title: c.tags?.title ?? "" }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Mean absolute difference of two frames at 32×32 grey: 0 for identical pictures. */
async function difference(a: Buffer, b: Buffer): Promise<number> {
  const grey = (x: Buffer) => sharp(x).greyscale().resize(32, 32, { fit: "fill" }).raw().toBuffer();
  const [pa, pb] = await Promise.all([grey(a), grey(b)]);
  let sum = 0;
  for (let i = 0; i < pa.length; i++) sum += Math.abs(pa[i] - pb[i]);
  return sum / pa.length;
}

describe("multi-photo product video", () => {
  it("4 photos make one MP4 with 4 segments of the expected duration, each showing its angle", async () => {
    const stitched = await stitchAngles(await angles(), { segmentSeconds: 2, transitionSeconds: 0.5, width: 480, height: 480, fps: 24 });
    expect(stitched.segments).toBe(4);
    expect(stitched.expectedDurationMs).toBe(stitchedDurationMs(4, 2, 0.5));
    expect(stitched.expectedDurationMs).toBe(6_500);

    const facts = await checkVideo(stitched.mp4, { durationSeconds: 6.5 });
    expect(facts).toMatchObject({ width: 480, height: 480 });
    expect(Math.abs(facts.durationMs - 6_500)).toBeLessThanOrEqual(100);

    const segments = await chapters(stitched.mp4);
    expect(segments.map((s) => s.title)).toEqual(["Angle 1", "Angle 2", "Angle 3", "Angle 4"]);
    expect(segments[0].start).toBe(0);
    expect(segments[3].end).toBeCloseTo(6.5, 1);

    // The middle of each segment (away from the fades) shows a real picture, and a different one each time.
    const middles = segments.map((s) => (s.start + s.end) / 2 / 6.5);
    const frames = await sampleFrames(stitched.mp4, facts.durationMs, {}, middles);
    expect(frames).toHaveLength(4);
    for (const frame of frames) await expect(checkImage(frame.png, { minSide: 64 })).resolves.toBeTruthy();
    for (let i = 1; i < frames.length; i++) expect(await difference(frames[i - 1].png, frames[i].png)).toBeGreaterThan(3);
  });

  it("a clip from a video model can be one of the angles", async () => {
    const [front, side, back] = await angles();
    const clip = await renderOutput({ task: "video", input: side, prompt: "shoe turntable", seed: 5, durationSeconds: 3 });
    const stitched = await stitchAngles([front, clip.bytes, back], { segmentSeconds: 2, transitionSeconds: 0.5, width: 320, height: 320, fps: 12 });
    const facts = await checkVideo(stitched.mp4);
    expect(Math.abs(facts.durationMs - stitchedDurationMs(3, 2, 0.5))).toBeLessThanOrEqual(150);
    expect(await chapters(stitched.mp4)).toHaveLength(3);
  });

  it("refuses a single photo or something that is not a picture", async () => {
    const [front] = await angles();
    await expect(stitchAngles([front])).rejects.toThrow(/2 to 8 angles/);
    await expect(stitchAngles([front, Buffer.from("not a picture at all")])).rejects.toThrow(/Angle 2/);
  });
});
