import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { parseMultipart, readBody, renderProductImage, seededRandom, sendJson, startHttpServer } from "./index";

describe("sim/shared", () => {
  it("seededRandom repeats under the same seed and differs across seeds", () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA);
    expect(seqA.every((n) => n >= 0 && n < 1)).toBe(true);
  });

  it("renders a deterministic, non-uniform PNG product photo that differs per angle", async () => {
    const first = await renderProductImage({ seed: 7, width: 320, height: 240, angle: 0, kind: "watch" });
    const again = await renderProductImage({ seed: 7, width: 320, height: 240, angle: 0, kind: "watch" });
    const turned = await renderProductImage({ seed: 7, width: 320, height: 240, angle: 1, kind: "watch" });
    expect(first.equals(again)).toBe(true);
    expect(first.equals(turned)).toBe(false);
    const meta = await sharp(first).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["png", 320, 240]);
    const stats = await sharp(first).stats();
    expect(stats.channels[0].stdev).toBeGreaterThan(10); // an object on a background, not a blank
    const jpeg = await renderProductImage({ seed: 7, width: 64, height: 64, angle: 0, kind: "mug", format: "jpeg" });
    expect((await sharp(jpeg).metadata()).format).toBe("jpeg");
  });

  it("serves HTTP on a random loopback port and parses multipart uploads", async () => {
    const server = await startHttpServer(async (req, res) => {
      const parts = parseMultipart(await readBody(req), req.headers["content-type"]);
      sendJson(res, 200, parts.map((p) => ({ name: p.name, filename: p.filename, size: p.data.length, text: p.filename ? undefined : p.data.toString() })));
    });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const form = new FormData();
      form.append("key", "tmp/abc");
      form.append("file", new Blob([new Uint8Array([1, 2, 3, 13, 10, 4])]), "a.png");
      const response = await fetch(server.url, { method: "POST", body: form });
      expect(await response.json()).toEqual([
        { name: "key", size: 7, text: "tmp/abc" },
        { name: "file", filename: "a.png", size: 6 },
      ]);
    } finally {
      await server.close();
    }
  });
});
