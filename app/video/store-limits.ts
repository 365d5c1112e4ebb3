/**
 * What a Shopify store accepts as product video media: MP4 or MOV, at most 10 minutes and 1 GB
 * (https://help.shopify.com/en/manual/products/product-media/product-media-types#videos).
 * A video outside these is refused before anything is uploaded, with a sentence a merchant can act on.
 */
export const STORE_VIDEO_LIMITS = {
  maxBytes: 1024 * 1024 * 1024,
  maxDurationMs: 10 * 60 * 1000,
  mimeTypes: ["video/mp4", "video/quicktime"],
} as const;

export function isVideoMime(mimeType: string): boolean {
  return mimeType.startsWith("video/");
}

/** Why Shopify would refuse this video, or null when it fits. */
export function storeVideoLimitProblem(video: { mimeType: string; bytes: number; durationMs: number | null }): string | null {
  if (!(STORE_VIDEO_LIMITS.mimeTypes as readonly string[]).includes(video.mimeType)) {
    return "Shopify accepts product videos as MP4 or MOV files only, so this video was not published.";
  }
  if (video.bytes > STORE_VIDEO_LIMITS.maxBytes) {
    return `This video is ${(video.bytes / 1024 ** 3).toFixed(1)} GB; Shopify accepts product videos up to 1 GB, so it was not published.`;
  }
  if (video.durationMs !== null && video.durationMs > STORE_VIDEO_LIMITS.maxDurationMs) {
    return `This video runs ${Math.round(video.durationMs / 60_000)} minutes; Shopify accepts product videos up to 10 minutes, so it was not published.`;
  }
  return null;
}
