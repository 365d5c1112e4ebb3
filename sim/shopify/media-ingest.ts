import sharp, { type Metadata } from "sharp";
import type { SimRuntime } from "./runtime";
import type { SimMedia, SimShop } from "./store";

/** Shopify's limits for product images. */
const MAX_IMAGE_SIDE = 4472;
const MAX_IMAGE_PIXELS = 20_000_000;
const DOWNLOAD_TIMEOUT_MS = 10_000;

export type MediaKind = SimMedia["typename"];

/** FileContentType / MediaContentType → the File type Shopify creates; unknown types are guessed from the name. */
export function mediaKindFor(contentType: string | null | undefined, source: string): MediaKind {
  if (contentType === "IMAGE") return "MediaImage";
  if (contentType === "VIDEO") return "Video";
  if (contentType === "FILE") return "GenericFile";
  const path = source.split("?")[0].toLowerCase();
  if (/\.(png|jpe?g|gif|webp|heic|avif)$/.test(path)) return "MediaImage";
  if (/\.(mp4|mov|webm)$/.test(path)) return "Video";
  return "GenericFile";
}

export function stagedUploadPrefix(sim: SimRuntime): string {
  return `${sim.url}/staged-uploads/`;
}

/** The bytes behind an originalSource: a staged upload on the simulator, or any reachable URL. */
async function download(sim: SimRuntime, shop: SimShop, source: string): Promise<Buffer> {
  if (source.startsWith(stagedUploadPrefix(sim))) {
    const key = decodeURIComponent(source.slice(stagedUploadPrefix(sim).length).split("?")[0]);
    const upload = shop.stagedUploads.get(key);
    if (!upload?.bytes) throw new Error("The staged upload was never uploaded");
    return upload.bytes;
  }
  const response = await fetch(source, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`Downloading the source failed with HTTP ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

async function probe(media: SimMedia, bytes: Buffer): Promise<void> {
  if (media.typename === "MediaImage") {
    let metadata: Metadata;
    try {
      metadata = await sharp(bytes).metadata();
    } catch {
      throw new Error("Image could not be processed because the file is not a supported image");
    }
    const width = metadata.width ?? 0;
    const height = metadata.height ?? 0;
    if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE || width * height > MAX_IMAGE_PIXELS) {
      throw new Error(`Image resolution ${width}x${height} exceeds the maximum of ${MAX_IMAGE_SIDE}x${MAX_IMAGE_SIDE} and 20 megapixels`);
    }
    media.width = width;
    media.height = height;
    media.mimeType = `image/${metadata.format === "jpeg" ? "jpeg" : metadata.format}`;
  } else if (media.typename === "Video") {
    // An ISO media file (MP4/MOV) carries "ftyp" at byte 4.
    if (bytes.subarray(4, 8).toString("latin1") !== "ftyp") throw new Error("Video could not be processed: not an MP4/MOV file");
    media.mimeType = "video/mp4";
    media.width = 1280;
    media.height = 720;
  }
}

/**
 * Creates a media item in UPLOADED state and processes it in the background: download, decode,
 * limits. The status reaches READY (or FAILED) no earlier than mediaProcessingMs after creation.
 */
export function ingestMedia(sim: SimRuntime, shop: SimShop, input: { originalSource: string; alt?: string | null; kind: MediaKind; filename?: string | null; productIds?: number[] }): SimMedia {
  const now = Date.now();
  const filename = input.filename ?? decodeURIComponent(input.originalSource.split("?")[0].split("/").pop() || "file");
  const media: SimMedia = {
    id: sim.store.nextId(),
    typename: input.kind,
    alt: input.alt ?? "",
    filename,
    mimeType: "application/octet-stream",
    createdAt: now,
    updatedAt: now,
    source: { kind: "upload", bytes: undefined },
    readyAt: now + sim.mediaProcessingMs,
    outcome: "pending",
    productIds: input.productIds ?? [],
  };
  shop.media.set(media.id, media);
  void download(sim, shop, input.originalSource)
    .then(async (bytes) => {
      media.source = { kind: "upload", bytes };
      await probe(media, bytes);
      media.outcome = "ok";
    })
    .catch((error: unknown) => {
      media.outcome = "failed";
      media.failure = error instanceof Error ? error.message : String(error);
    });
  return media;
}

/** Whether originalSource is something Shopify would accept at all (an absolute http(s) URL). */
export function isAcceptableSource(source: string): boolean {
  try {
    const url = new URL(source);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}
