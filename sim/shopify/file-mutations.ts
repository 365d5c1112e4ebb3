import { randomUUID } from "node:crypto";
import { idOf } from "./ids";
import { ingestMedia, isAcceptableSource, mediaKindFor, stagedUploadPrefix } from "./media-ingest";
import type { SimContext } from "./runtime";
import { mediaStatus, type SimMedia, type SimShop } from "./store";
import { mediaView } from "./views";

interface FilesUserError {
  field: string[];
  message: string;
  code: string;
}

const MEDIA_TYPES = ["MediaImage", "Video", "GenericFile"];

export function detachMedia(shop: SimShop, mediaId: number): void {
  for (const product of shop.products.values()) {
    if (!product.mediaIds.includes(mediaId)) continue;
    product.mediaIds = product.mediaIds.filter((id) => id !== mediaId);
    for (const variant of product.variants) variant.mediaIds = variant.mediaIds.filter((id) => id !== mediaId);
    product.updatedAt = Date.now();
  }
}

export function attachMedia(shop: SimShop, media: SimMedia, productId: number): void {
  const product = shop.products.get(productId);
  if (!product || product.mediaIds.includes(media.id)) return;
  product.mediaIds.push(media.id);
  product.updatedAt = Date.now();
  if (!media.productIds.includes(productId)) media.productIds.push(productId);
}

export function fileMutations(context: SimContext) {
  const { sim, shop } = context;
  return {
    stagedUploadsCreate: (args: { input: { filename: string; mimeType: string; resource: string; httpMethod?: string; fileSize?: string }[] }) => ({
      userErrors: [],
      stagedTargets: args.input.map((input) => {
        const key = `tmp/${shop.id}/${input.resource.toLowerCase()}s/${randomUUID()}/${input.filename}`;
        shop.stagedUploads.set(key, { key, filename: input.filename, mimeType: input.mimeType, resource: input.resource });
        const resourceUrl = `${stagedUploadPrefix(sim)}${key}`;
        if (input.httpMethod === "POST") {
          // A form-POST target like Shopify's Google Cloud Storage policy uploads: fields first, then "file".
          return {
            url: `${sim.url}/staged-uploads/`,
            resourceUrl,
            parameters: [
              { name: "Content-Type", value: input.mimeType },
              { name: "success_action_status", value: "201" },
              { name: "acl", value: "private" },
              { name: "key", value: key },
              { name: "x-goog-date", value: new Date().toISOString().replace(/[-:]|\.\d{3}/g, "") },
              { name: "x-goog-credential", value: "simulator@shopify-sim.iam.gserviceaccount.com/auto/storage/goog4_request" },
              { name: "x-goog-algorithm", value: "GOOG4-RSA-SHA256" },
              { name: "x-goog-signature", value: randomUUID().replace(/-/g, "") },
              { name: "policy", value: Buffer.from(JSON.stringify({ key })).toString("base64") },
            ],
          };
        }
        return { url: `${resourceUrl}?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Signature=${randomUUID().replace(/-/g, "")}`, resourceUrl, parameters: [{ name: "content_type", value: input.mimeType }, { name: "acl", value: "private" }] };
      }),
    }),

    fileCreate: (args: { files: { originalSource: string; alt?: string; contentType?: string; filename?: string }[] }) => {
      const userErrors: FilesUserError[] = [];
      args.files.forEach((file, index) => {
        if (!isAcceptableSource(file.originalSource)) userErrors.push({ field: ["files", String(index), "originalSource"], message: "Image URL is invalid", code: "INVALID_IMAGE_SOURCE_URL" });
      });
      if (userErrors.length) return { files: null, userErrors };
      const files = args.files.map((file) => ingestMedia(sim, shop, { originalSource: file.originalSource, alt: file.alt, filename: file.filename, kind: mediaKindFor(file.contentType, file.originalSource) }));
      return { files: files.map((media) => mediaView(context, media)), userErrors };
    },

    fileUpdate: (args: { files: { id: string; alt?: string; filename?: string; referencesToAdd?: string[]; referencesToRemove?: string[] }[] }) => {
      const userErrors: FilesUserError[] = [];
      const updated: SimMedia[] = [];
      args.files.forEach((input, index) => {
        const media = shop.media.get(idOf(input.id, ...MEDIA_TYPES) ?? -1);
        if (!media) {
          userErrors.push({ field: ["files", String(index), "id"], message: `File id ${input.id} does not exist.`, code: "FILE_DOES_NOT_EXIST" });
          return;
        }
        if (mediaStatus(media) !== "READY") {
          userErrors.push({ field: ["files", String(index)], message: "Non-ready files cannot be updated.", code: "NON_READY_STATE" });
          return;
        }
        const missing = (input.referencesToAdd ?? []).find((ref) => !shop.products.has(idOf(ref, "Product") ?? -1));
        if (missing) {
          userErrors.push({ field: ["files", String(index), "referencesToAdd"], message: `The reference target ${missing} does not exist.`, code: "REFERENCE_TARGET_DOES_NOT_EXIST" });
          return;
        }
        if (input.alt !== undefined && input.alt !== null && input.alt.length > 512) {
          userErrors.push({ field: ["files", String(index), "alt"], message: "The alt value exceeds the maximum limit of 512 characters.", code: "ALT_VALUE_LIMIT_EXCEEDED" });
          return;
        }
        if (input.alt !== undefined && input.alt !== null) media.alt = input.alt;
        if (input.filename) media.filename = input.filename;
        for (const ref of input.referencesToAdd ?? []) attachMedia(shop, media, idOf(ref, "Product")!);
        for (const ref of input.referencesToRemove ?? []) {
          const productId = idOf(ref, "Product") ?? -1;
          const product = shop.products.get(productId);
          if (!product) continue;
          product.mediaIds = product.mediaIds.filter((id) => id !== media.id);
          for (const variant of product.variants) variant.mediaIds = variant.mediaIds.filter((id) => id !== media.id);
          media.productIds = media.productIds.filter((id) => id !== productId);
        }
        media.updatedAt = Date.now();
        updated.push(media);
      });
      return { files: updated.map((media) => mediaView(context, media)), userErrors };
    },

    fileDelete: (args: { fileIds: string[] }) => {
      const ids = args.fileIds.map((id) => idOf(id, ...MEDIA_TYPES));
      const unknownIndex = ids.findIndex((id) => id === undefined || !shop.media.has(id));
      if (unknownIndex !== -1) {
        return { deletedFileIds: null, userErrors: [{ field: ["fileIds"], message: `File id ${args.fileIds[unknownIndex]} does not exist.`, code: "FILE_DOES_NOT_EXIST" }] };
      }
      for (const id of ids as number[]) {
        detachMedia(shop, id);
        shop.media.delete(id);
      }
      return { deletedFileIds: args.fileIds, userErrors: [] };
    },
  };
}
