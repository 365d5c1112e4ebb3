/**
 * Files that are not what they claim: text, markup, scripts, archives and executables; polyglots
 * with an image signature in front; decompression bombs (a tiny file declaring 60000×60000 pixels);
 * truncated, oversize, tiny and blank images; the wrong kind or declared type. Each is refused by
 * output validation with a code and a plain sentence, before anything is stored.
 */
import { deflateSync } from "node:zlib";
import { afterAll, beforeAll, expect } from "vitest";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import sharp from "sharp";
import { validateOutput, type OutputExpectations } from "../../app/media/validate";
import { prepareImageForShopify, SHOPIFY_MAX_PIXELS, SHOPIFY_MAX_SIDE } from "../../app/shopify/image-prepare.server";
import { renderProductImage } from "../../sim/shared/product-image";
import { fromThrown, hostileSuite, reportHostileTally, type HostileCase } from "./support/hostile";

let photo: Buffer;
let scratch: string;

beforeAll(async () => {
  photo = await renderProductImage({ seed: 3, width: 640, height: 640, angle: 12, kind: "mug" });
  scratch = await mkdtemp(path.join(tmpdir(), "glint-media-"));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});
reportHostileTally(import.meta.filename);

function crc32(bytes: Buffer): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A well-formed PNG header declaring width×height greyscale, with a few compressed rows: a bomb's shape. */
function declaredPng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8);
  const rows = deflateSync(Buffer.alloc((width + 1) * 4));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk("IHDR", ihdr), pngChunk("IDAT", rows), pngChunk("IEND", Buffer.alloc(0))]);
}

/** A GIF header declaring 65535×65535. */
function declaredGif(): Buffer {
  return Buffer.concat([Buffer.from("GIF89a", "latin1"), Buffer.from([0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00]), Buffer.from(",\0\0\0\0\xff\xff\xff\xff\0\x02\x02D\x01\0;", "latin1")]);
}

const validate = (bytes: () => Buffer | Promise<Buffer>, expect: Partial<OutputExpectations> = {}) => () =>
  fromThrown(async () => validateOutput(await bytes(), { kind: "image", ...expect }));

const text = (value: string) => () => Buffer.from(value, "latin1");

const cases: HostileCase[] = [
  { name: "empty file", status: "unrecognised_format", message: /not an image or video/, attack: validate(() => Buffer.alloc(0)) },
  { name: "plain text", status: "unrecognised_format", attack: validate(text("hello, this is not a picture")) },
  { name: "HTML with a script", status: "unrecognised_format", attack: validate(text("<!doctype html><script>fetch('/api/credits')</script>")) },
  { name: "SVG with an onload script", status: "unrecognised_format", attack: validate(text('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')) },
  { name: "PDF", status: "unrecognised_format", attack: validate(text("%PDF-1.7\n1 0 obj <<>> endobj")) },
  { name: "ZIP archive", status: "unrecognised_format", attack: validate(text("PK\x03\x04\x14\x00\x00\x00payload")) },
  { name: "ELF executable", status: "unrecognised_format", attack: validate(text("\x7fELF\x02\x01\x01\x00")) },
  { name: "polyglot: PNG signature then HTML", status: "corrupt", message: /damaged/, attack: validate(() => Buffer.concat([photo.subarray(0, 8), Buffer.from("<html><script>alert(1)</script></html>")])) },
  { name: "polyglot: JPEG marker then a script", status: "corrupt", attack: validate(text("\xff\xd8\xff\xe0<script>alert(1)</script>")) },
  { name: "polyglot: GIF89a header as JavaScript (GIFAR)", status: "corrupt", attack: validate(text("GIF89a/*\x00\x00*/=alert(1)//;")) },
  { name: "decompression bomb: PNG declaring 60000×60000", status: "corrupt", message: /pixel limit/, attack: validate(() => declaredPng(60_000, 60_000)) },
  { name: "decompression bomb: GIF declaring 65535×65535", status: "corrupt", message: /pixel limit/, attack: validate(declaredGif) },
  { name: "truncated PNG", status: "corrupt", attack: validate(() => photo.subarray(0, Math.floor(photo.length / 2))) },
  { name: "file above the byte limit", status: "too_large", attack: validate(() => photo, { maxBytes: 1024 }) },
  { name: "16×16 image", status: "too_small", attack: validate(() => sharp({ create: { width: 16, height: 16, channels: 3, background: "#805020" } }).png().toBuffer()) },
  { name: "blank white image", status: "blank", attack: validate(() => sharp({ create: { width: 512, height: 512, channels: 3, background: "#ffffff" } }).png().toBuffer()) },
  { name: "real PNG served as text/html", status: "content_type_mismatch", attack: validate(() => photo, { declaredContentType: "text/html" }) },
  { name: "image where a video was ordered", status: "wrong_kind", attack: validate(() => photo, { kind: "video" }) },
  { name: "MP4 container where an image was ordered", status: "wrong_kind", attack: validate(text("\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom")) },
  { name: "output flagged NSFW by the provider", status: "nsfw", attack: validate(() => photo, { nsfw: true }) },
  {
    name: "polyglot: valid PNG with a ZIP/HTML payload after IEND is re-encoded before publishing",
    status: "re-encoded",
    attack: async () => {
      const payload = Buffer.from("PK\x03\x04<script>alert(document.cookie)</script>", "latin1");
      const prepared = await prepareImageForShopify(Readable.from([Buffer.concat([photo, payload])]));
      const carried = prepared.bytes.includes(payload) || prepared.bytes.includes(Buffer.from("<script>"));
      return { status: carried ? "published-as-is" : "re-encoded", message: `published ${prepared.mimeType} ${prepared.width}×${prepared.height}` };
    },
  },
  {
    name: "oversize 6000×4000 output is scaled within Shopify's limits before publishing",
    status: "scaled",
    attack: async () => {
      const big = await sharp({ create: { width: 6000, height: 4000, channels: 3, background: "#6a8" } }).composite([{ input: photo, left: 100, top: 100 }]).png({ compressionLevel: 1 }).toBuffer();
      const prepared = await prepareImageForShopify(Readable.from([big]));
      const within = Math.max(prepared.width, prepared.height) <= SHOPIFY_MAX_SIDE && prepared.width * prepared.height <= SHOPIFY_MAX_PIXELS;
      return { status: within ? "scaled" : "too_big_for_shopify", message: `${prepared.width}×${prepared.height}` };
    },
    check: (r) => expect(r.message).not.toBe("6000×4000"),
  },
];

hostileSuite("non-image, polyglot, bomb and oversize files", cases, { sideEffects: async () => (await readdir(scratch)).length });
