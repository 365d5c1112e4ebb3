import sharp from "sharp";
import { renderProductImage } from "../shared/product-image";
import type { SimMedia } from "./store";

const CACHE_LIMIT = 300;
const SEEDED_IMAGE_SIZE = 1024;
const MAX_TRANSFORM_SIDE = 5760;

export interface ImageSize {
  width?: number;
  height?: number;
}

/** Shopify's CDN resizes on `?width=`/`?height=`; anything else means the original. */
export function requestedSize(search: URLSearchParams): ImageSize {
  const read = (name: string) => {
    const value = Number(search.get(name));
    return Number.isInteger(value) && value > 0 && value <= MAX_TRANSFORM_SIDE ? value : undefined;
  };
  return { width: read("width"), height: read("height") };
}

/**
 * Bytes behind media URLs. Seeded product photos are rendered on first request (at the size asked
 * for) and kept in a small LRU cache, as are resized uploads.
 */
export class MediaBytes {
  private readonly cache = new Map<string, Buffer>();

  async get(shopDomain: string, media: SimMedia, size: ImageSize = {}): Promise<{ bytes: Buffer; contentType: string } | undefined> {
    const resized = size.width !== undefined || size.height !== undefined;
    if (media.source.kind === "upload") {
      const original = media.source.bytes;
      if (!original) return undefined;
      if (!resized || media.typename !== "MediaImage") return { bytes: original, contentType: media.mimeType };
      return { bytes: await this.cached(`${shopDomain}/${media.id}/${size.width}x${size.height}`, () => sharp(original).resize({ ...size, fit: "inside", withoutEnlargement: true }).toBuffer()), contentType: media.mimeType };
    }
    const { seed, angle, shape } = media.source;
    // The original is media.width pixels square (1024 unless a test or bench set it); smaller on request.
    const original = media.width ?? SEEDED_IMAGE_SIZE;
    const side = Math.min(size.width ?? original, size.height ?? original, original);
    const bytes = await this.cached(`${shopDomain}/${media.id}/${side}`, () => renderProductImage({ seed, angle, kind: shape, width: side, height: side }));
    return { bytes, contentType: "image/png" };
  }

  private async cached(key: string, produce: () => Promise<Buffer>): Promise<Buffer> {
    let bytes = this.cache.get(key);
    if (bytes) this.cache.delete(key);
    else bytes = await produce();
    this.cache.set(key, bytes);
    if (this.cache.size > CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
    return bytes;
  }
}
