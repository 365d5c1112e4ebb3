import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { productFidelity } from "./fidelity";
import { OutputRejected } from "./rejection";
import { cutOut, newScene, productPhoto, recoloured, solidImage } from "./test-images";
import { validateOutput } from "./validate";

const rejection = async (promise: Promise<unknown>) => {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(OutputRejected);
  return error as OutputRejected;
};

describe("image validation", () => {
  it("accepts a real product photo in a new scene, recording dimensions, checksum and fidelity", async () => {
    const original = await productPhoto("mug");
    const output = await newScene(original);
    const result = await validateOutput(output, { kind: "image", original, aspectRatio: "1:1", declaredContentType: "image/png" });
    expect(result).toMatchObject({ mime: "image/png", ext: "png", width: 512, height: 512, bytes: output.length });
    expect(result.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(result.fidelityScore).toBeGreaterThan(0.8);
  });

  it("rejects blank, all-black, all-white and flat-colour images", async () => {
    for (const colour of ["#000000", "#ffffff", "#7a7a7a", "#3355aa"]) {
      expect((await rejection(validateOutput(await solidImage(colour), { kind: "image" }))).code).toBe("blank");
    }
    const emptyCutOut = await sharp({ create: { width: 512, height: 512, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer();
    expect((await rejection(validateOutput(emptyCutOut, { kind: "image" }))).code).toBe("blank");
  });

  it("rejects a truncated PNG and a PNG whose body is noise behind an intact header", async () => {
    const good = await productPhoto("watch");
    expect((await rejection(validateOutput(good.subarray(0, Math.floor(good.length * 0.55)), { kind: "image" }))).code).toBe("corrupt");
    const noisy = Buffer.from(good);
    for (let i = 64; i < noisy.length; i += 3) noisy[i] = (i * 7919) & 0xff;
    expect((await rejection(validateOutput(noisy, { kind: "image" }))).code).toBe("corrupt");
  });

  it("rejects files that are not what they claim: wrong magic, wrong kind, HTML content type, NSFW flag", async () => {
    const photo = await productPhoto();
    expect((await rejection(validateOutput(Buffer.from("<html>error</html>"), { kind: "image" }))).code).toBe("unrecognised_format");
    expect((await rejection(validateOutput(photo, { kind: "video" }))).code).toBe("wrong_kind");
    expect((await rejection(validateOutput(photo, { kind: "image", declaredContentType: "text/html; charset=utf-8" }))).code).toBe("content_type_mismatch");
    expect((await rejection(validateOutput(photo, { kind: "image", nsfw: true }))).code).toBe("nsfw");
  });

  it("rejects the wrong aspect ratio and tiny images", async () => {
    const wide = await sharp(await productPhoto()).resize(800, 400, { fit: "fill" }).png().toBuffer();
    expect((await rejection(validateOutput(wide, { kind: "image", aspectRatio: "1:1" }))).code).toBe("aspect_ratio");
    const tiny = await sharp(await productPhoto()).resize(64, 64).png().toBuffer();
    expect((await rejection(validateOutput(tiny, { kind: "image" }))).code).toBe("too_small");
  });

  it("rejects an altered product with its fidelity score, across product kinds", async () => {
    for (const kind of ["mug", "shirt", "bottle", "shoe"]) {
      const original = await productPhoto(kind, 11);
      const error = await rejection(validateOutput(await newScene(await recoloured(original)), { kind: "image", original }));
      expect(error.code, kind).toBe("product_altered");
      expect(error.fidelityScore, kind).toBeLessThan(0.7);
    }
  });
});

describe("product fidelity", () => {
  it("scores the same product high in a new scene and as a cut-out, and a different product low", async () => {
    const original = await productPhoto("bag", 3);
    const scene = await productFidelity(original, await newScene(original));
    const cut = await productFidelity(original, await cutOut(original));
    const other = await productFidelity(original, await productPhoto("chair", 99));
    const altered = await productFidelity(original, await recoloured(original));
    expect(scene.passed && cut.passed).toBe(true);
    expect(other.passed || altered.passed).toBe(false);
    expect(Math.min(scene.score, cut.score)).toBeGreaterThan(Math.max(other.score, altered.score) + 0.2);
  });

  it("lets a judge pull the score down", async () => {
    const original = await productPhoto("ring", 5);
    const result = await productFidelity(original, await newScene(original), { judge: { score: async () => 0 } });
    expect(result.parts.judge).toBe(0);
    expect(result.passed).toBe(false);
  });
});

describe("video validation", () => {
  const run = promisify(execFile);
  async function clip(filter: string, seconds = 2): Promise<Buffer> {
    const dir = await mkdtemp(join(tmpdir(), "glint-clip-"));
    try {
      const out = join(dir, "c.mp4");
      await run("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", `${filter}${filter.includes("=") ? ":" : "="}d=${seconds}:s=320x240:r=12`, "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", out], { timeout: 30_000 });
      return await readFile(out);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  it("accepts a real clip with its duration, rejects a black one and a truncated one", async () => {
    const good = await clip("testsrc");
    const result = await validateOutput(good, { kind: "video", durationSeconds: 2 });
    expect(result).toMatchObject({ mime: "video/mp4", width: 320, height: 240 });
    expect(result.durationMs).toBeGreaterThan(1500);
    expect((await rejection(validateOutput(await clip("color=c=black"), { kind: "video" }))).code).toBe("blank");
    expect((await rejection(validateOutput(good.subarray(0, Math.floor(good.length * 0.5)), { kind: "video" }))).code).toBe("corrupt");
  }, 30_000);
});
