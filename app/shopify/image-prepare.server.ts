/**
 * Shopify accepts product images up to 4472 x 4472 px and 20 megapixels. Generated outputs can be
 * larger, so each one is scaled down (never up) before upload and written as JPEG, the format of
 * the SEO filename.
 */
import type { Readable } from "node:stream";
import sharp from "sharp";
import { withImageWork } from "../media/image-work";

export const SHOPIFY_MAX_SIDE = 4472;
export const SHOPIFY_MAX_PIXELS = 20_000_000;

/** The largest size within both limits, keeping the aspect ratio. */
export function fitWithinShopifyLimits(width: number, height: number): { width: number; height: number } {
  const scale = Math.min(1, SHOPIFY_MAX_SIDE / width, SHOPIFY_MAX_SIDE / height, Math.sqrt(SHOPIFY_MAX_PIXELS / (width * height)));
  if (scale === 1) return { width, height };
  return { width: Math.max(1, Math.floor(width * scale)), height: Math.max(1, Math.floor(height * scale)) };
}

export interface PreparedImage {
  bytes: Buffer;
  width: number;
  height: number;
  mimeType: "image/jpeg";
}

export async function prepareImageForShopify(source: Readable): Promise<PreparedImage> {
  const chunks: Buffer[] = [];
  for await (const chunk of source) chunks.push(chunk as Buffer);
  const input = Buffer.concat(chunks);
  const meta = await sharp(input).metadata();
  // Sizes as displayed, i.e. after the EXIF orientation is applied.
  const width = meta.autoOrient?.width ?? meta.width;
  const height = meta.autoOrient?.height ?? meta.height;
  if (!width || !height) throw new Error("The generated image could not be decoded");
  const target = fitWithinShopifyLimits(width, height);
  // Each step only when needed: rotating or resizing a 4K image holds whole decoded copies of it,
  // while flatten + JPEG alone stream through in strips. Huffman optimisation is off: it buffers
  // the whole image's coefficients (~300 MB for 4K) to save 1-3 % of the file.
  const { data, info } = await withImageWork(() => {
    let image = sharp(input, { sequentialRead: true });
    if ((meta.orientation ?? 1) !== 1) image = image.rotate();
    if (target.width !== width || target.height !== height) image = image.resize(target.width, target.height, { fit: "fill" });
    return image.flatten({ background: "#ffffff" }).jpeg({ quality: 90, optimiseCoding: false }).toBuffer({ resolveWithObject: true });
  });
  return { bytes: data, width: info.width, height: info.height, mimeType: "image/jpeg" };
}
