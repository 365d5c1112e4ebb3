import { renderProductImage } from "../shared/product-image";
import type { SimMedia } from "./store";

const CACHE_LIMIT = 300;
const SEEDED_IMAGE_SIZE = 1024;

/** Seeded product photos are rendered on first request and kept in a small LRU cache. */
export class MediaBytes {
  private readonly cache = new Map<string, Buffer>();

  async get(shopDomain: string, media: SimMedia): Promise<{ bytes: Buffer; contentType: string } | undefined> {
    if (media.source.kind === "upload") return media.source.bytes ? { bytes: media.source.bytes, contentType: media.mimeType } : undefined;
    const key = `${shopDomain}/${media.id}`;
    let bytes = this.cache.get(key);
    if (bytes) this.cache.delete(key);
    else bytes = await renderProductImage({ seed: media.source.seed, angle: media.source.angle, kind: media.source.shape, width: media.width ?? SEEDED_IMAGE_SIZE, height: media.height ?? SEEDED_IMAGE_SIZE });
    this.cache.set(key, bytes);
    if (this.cache.size > CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
    return { bytes, contentType: "image/png" };
  }
}
