/**
 * Shopify accepts product images up to 4472 x 4472 px and 20 megapixels. Generated outputs can be
 * larger, so each one is scaled down (never up) before upload and written as JPEG, the format of
 * the SEO filename.
 */
import type { Readable } from "node:stream";
import sharp from "sharp";

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
  if (!meta.width || !meta.height) throw new Error("The generated image could not be decoded");
  const target = fitWithinShopifyLimits(meta.width, meta.height);
  const { data, info } = await sharp(input)
    .rotate()
    .resize(target.width, target.height, { fit: "fill" })
    .flatten({ background: "#ffffff" })
    .jpeg({ quality: 90 })
    .toBuffer({ resolveWithObject: true });
  return { bytes: data, width: info.width, height: info.height, mimeType: "image/jpeg" };
}
