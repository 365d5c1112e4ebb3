/**
 * Write-back of approved images to Shopify, and revert.
 *
 * Publish: record the product's original gallery once (the revert target) → stale check → claim a
 * `published` Asset row (unique per shop + checksum + product: the idempotency record) →
 * resize → staged upload → fileCreate (SEO filename, alt text) → record the media id at once →
 * wait until READY → attach to the product (fileUpdate referencesToAdd) → position/featured →
 * variants. A retry after a crash finds the recorded id (or, if the crash came between fileCreate
 * and recording it, the file by its unique filename) and carries on without a second upload.
 *
 * Revert: delete only the files Glint added and put the original media back in their order.
 * Why the Files API rather than productUpdate(media): docs/decisions/0009-media-write-back-with-files-api.md
 */
import { buffer } from "node:stream/consumers";
import { Prisma, type Asset, type Generation, type Product } from "@prisma/client";
import type { Queue } from "bullmq";
import { UnrecoverableError } from "bullmq";
import { commitCredits } from "../billing/ledger.server";
import type { AppContext } from "../context.server";
import { UserFacingError } from "../errors";
import { jobId, QUEUE } from "../jobs/queues";
import type { Logger } from "../logger.server";
import type { Storage } from "../storage/types";
import { offlineAdminGraphql } from "../shopify/admin-client.server";
import { isShopifyApiError, ShopifyApiError, throwOnUserErrors } from "../shopify/errors";
import { abortableSleep, type AdminGraphql } from "../shopify/graphql-client.server";
import { prepareImageForShopify } from "../shopify/image-prepare.server";
import {
  FILE_CREATE_MUTATION,
  FILE_STATUS_QUERY,
  FILE_UPDATE_MUTATION,
  FILES_BY_FILENAME_QUERY,
  PRODUCT_MEDIA_QUERY,
  PRODUCT_REORDER_MEDIA_MUTATION,
  PRODUCT_VARIANT_APPEND_MEDIA_MUTATION,
  PRODUCT_VARIANT_DETACH_MEDIA_MUTATION,
} from "../shopify/operations/media";
import { withRedisLock } from "../shopify/redis-lock.server";
import { uploadToStagedTarget } from "../shopify/staged-upload.server";
import { isVideoMime, storeVideoLimitProblem } from "../video/store-limits";
import { getProductVariants, quoteSearchValue, productContentHash } from "./products.server";

export type MediaContext = Pick<AppContext, "db" | "redis" | "env" | "log" | "queues"> & { storage: Storage };

/** Merchant choices for one publish, kept in Generation.options.publish until the job runs. */
export interface PublishChoices {
  /** 0-based position in the gallery; ignored when `featured`. Appended at the end when absent. */
  position?: number;
  /** Becomes the first (featured) image. */
  featured?: boolean;
  altText?: string;
  /** Variant GIDs to show this image for (e.g. the variants of one colour). */
  variantIds?: string[];
  /** The merchant saw the "product changed" notice and publishes anyway. */
  acknowledgeProductChange?: boolean;
}

export interface OriginalMediaItem {
  id: string;
  alt: string | null;
}

/** Product.originalMedia: the gallery and each variant's image before Glint's first change. */
export interface OriginalMedia {
  media: OriginalMediaItem[];
  variants: Array<{ id: string; mediaId: string | null }>;
}

export const PUBLISHABLE_STATUSES = ["ready_for_review", "publishing", "failed"] as const;

// ---- Enqueueing --------------------------------------------------------------------------------

/**
 * Adds a job under a deterministic id, replacing a finished one with the same id (a publish after
 * a revert, a revert after a re-publish). While a job with that id is waiting or running, adding
 * it again is a no-op: that is what makes double clicks harmless.
 */
async function addReplacingFinished(queue: Queue, name: string, data: object, id: string): Promise<void> {
  const existing = await queue.getJob(id);
  if (existing) {
    const state = await existing.getState();
    if (state === "completed" || state === "failed") await existing.remove();
  }
  await queue.add(name, data, { jobId: id });
}

/** Approve → publishing; the publish job (jobs/publish.ts) writes to Shopify. */
export async function approveAndPublish(
  ctx: Pick<AppContext, "db" | "queues">,
  input: { shopDomain: string } & PublishChoices & { generationId: string },
): Promise<Generation> {
  const { shopDomain, generationId, ...choices } = input;
  const generation = await ctx.db.generation.findFirst({ where: { id: generationId, shop: { domain: shopDomain } } });
  if (!generation) throw new UserFacingError({ code: "generation_not_found", message: "That image no longer exists.", httpStatus: 404 });
  if (generation.status === "published" || generation.status === "publishing") return generation;
  if (!(PUBLISHABLE_STATUSES as readonly string[]).includes(generation.status)) {
    throw new UserFacingError({
      code: "not_publishable",
      message: `This image cannot be published while it is ${generation.status.replaceAll("_", " ")}.`,
      httpStatus: 409,
    });
  }
  if (!generation.outputAssetId) {
    throw new UserFacingError({ code: "not_publishable", message: "This image is not ready yet.", httpStatus: 409 });
  }
  if (choices.altText !== undefined && choices.altText.length > 512) {
    throw new UserFacingError({ code: "alt_text_too_long", message: "Alt text can be at most 512 characters.", httpStatus: 422 });
  }
  const options = { ...(generation.options as Record<string, unknown>), publish: choices };
  const updated = await ctx.db.generation.update({
    where: { id: generation.id },
    data: { status: "publishing", errorCode: null, errorMessage: null, options },
  });
  await addReplacingFinished(ctx.queues[QUEUE.publish], "publish", { shop: shopDomain, generationId }, jobId("publish", generationId));
  return updated;
}

// ---- Publishing ------------------------------------------------------------------------------

export type PublishResult =
  | { status: "published"; mediaId: string; alreadyPublished: boolean }
  | { status: "stale"; reason: string }
  | { status: "skipped"; reason: string };

/** SEO filename: product-handle-style plus a short asset checksum (unique, so a lost answer can be found again). */
export function seoFilename(handle: string, style: string, checksum: string, ext = "jpg"): string {
  const slug = (value: string) =>
    value
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "");
  return `${[slug(handle), slug(style)].filter(Boolean).join("-")}-${checksum.slice(0, 8)}.${ext}`;
}

export function defaultAltText(productTitle: string, style: string): string {
  return `${productTitle} – ${style.replaceAll(/[-_]/g, " ")} photo`.slice(0, 512);
}

type LiveProduct = NonNullable<Awaited<ReturnType<typeof fetchProductMedia>>>;

/** Variant GID → the media GID it shows (or null). */
type VariantImages = Map<string, string | null>;

async function fetchVariantImages(admin: AdminGraphql, productId: string, signal?: AbortSignal): Promise<VariantImages> {
  const variants = await getProductVariants(admin, productId, signal);
  return new Map((variants ?? []).map((v) => [v.id, v.media.nodes[0]?.id ?? null]));
}

async function fetchProductMedia(admin: AdminGraphql, productId: string, signal?: AbortSignal) {
  const data = await admin.request(PRODUCT_MEDIA_QUERY, { variables: { id: productId }, signal });
  return data.product ?? null;
}

async function glintMediaOnProduct(ctx: Pick<AppContext, "db">, productRowId: string): Promise<Set<string>> {
  const rows = await ctx.db.asset.findMany({
    where: { productId: productRowId, kind: "published", shopifyMediaId: { not: null } },
    select: { shopifyMediaId: true },
  });
  return new Set(rows.map((r) => r.shopifyMediaId!));
}

/** Why publishing now would surprise the merchant, or null when the product is as generated. */
function staleReason(generation: Generation, product: Product, live: LiveProduct, glint: Set<string>, sourceMediaId: string | null): string | null {
  const options = generation.options as { productChangedAt?: string; sourceImageUrl?: string };
  if (options.productChangedAt) return "This product's title, description or images changed after the image was generated.";
  const liveMedia = live.media.nodes;
  if (sourceMediaId && !liveMedia.some((m) => m.id === sourceMediaId)) {
    return "The product photo this image was made from has been removed from the product.";
  }
  if (options.sourceImageUrl && !liveMedia.some((m) => m.preview?.image?.url === options.sourceImageUrl)) {
    return "The product photo this image was made from has been removed or replaced.";
  }
  if (live.title !== product.title) return "The product was renamed after the image was generated.";
  const liveHash = productContentHash({
    title: live.title,
    descriptionHtml: live.descriptionHtml,
    mediaIds: liveMedia.map((m) => m.id).filter((id) => !glint.has(id)),
  });
  // Changes whose products/update webhook has not arrived yet.
  if (product.sourceHash && liveHash !== product.sourceHash) return "This product changed in Shopify after the image was generated.";
  return null;
}

async function waitUntilReady(admin: AdminGraphql, mediaId: string, signal?: AbortSignal, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  // Images are usually READY within a second: poll early, then back off (each poll costs 1 point).
  let delay = 100;
  for (;;) {
    const data = await admin.request(FILE_STATUS_QUERY, { variables: { id: mediaId }, signal });
    const node = data.node as
      | { fileStatus?: string; fileErrors?: Array<{ message: string }>; mediaErrors?: Array<{ message: string }> }
      | null
      | undefined;
    if (!node?.fileStatus) throw new ShopifyApiError("graphql", `Media ${mediaId} not found`, false);
    if (node.fileStatus === "READY") return;
    if (node.fileStatus === "FAILED") {
      const reason = [...(node.fileErrors ?? []), ...(node.mediaErrors ?? [])].map((e) => e.message).join("; ");
      throw new MediaProcessingError(reason || "Shopify could not process the image.");
    }
    if (Date.now() > deadline) throw new ShopifyApiError("unavailable", "Shopify is still processing the image", true);
    await abortableSleep(delay, signal);
    delay = Math.min(Math.round(delay * 1.5), 3_000);
  }
}

/** Shopify rejected the image itself (FAILED status): retrying the same bytes will not help. */
export class MediaProcessingError extends Error {
  constructor(readonly reason: string) {
    super(`Shopify could not process the image: ${reason}`);
    this.name = "MediaProcessingError";
  }
}

async function claimPublishedAsset(ctx: Pick<AppContext, "db">, output: Asset, productRowId: string, altText: string): Promise<Asset> {
  const where = {
    shopId_kind_checksum_productId: { shopId: output.shopId, kind: "published" as const, checksum: output.checksum, productId: productRowId },
  };
  const existing = await ctx.db.asset.findUnique({ where });
  if (existing) return existing;
  try {
    return await ctx.db.asset.create({
      data: {
        shopId: output.shopId,
        productId: productRowId,
        kind: "published",
        storageKey: output.storageKey,
        checksum: output.checksum,
        // Images are re-encoded as JPEG for Shopify; videos go up as they are.
        mimeType: isVideoMime(output.mimeType) ? output.mimeType : "image/jpeg",
        width: output.width,
        height: output.height,
        durationMs: output.durationMs,
        bytes: output.bytes,
        altText,
      },
    });
  } catch (error) {
    // A concurrent publish of the same asset won the insert: use its row.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return ctx.db.asset.findUniqueOrThrow({ where });
    throw error;
  }
}

async function createShopifyFile(
  ctx: MediaContext,
  admin: AdminGraphql,
  output: Asset,
  filename: string,
  altText: string,
  signal?: AbortSignal,
): Promise<string> {
  // A crash after fileCreate but before the id was saved: the unique filename finds that file.
  const found = await admin.request(FILES_BY_FILENAME_QUERY, { variables: { query: `filename:${quoteSearchValue(filename)}` }, signal });
  const earlier = found.files.nodes.find((n) => n.fileStatus !== "FAILED");
  if (earlier) return earlier.id;

  const video = isVideoMime(output.mimeType);
  const upload = video
    ? { mimeType: output.mimeType, bytes: await buffer(await ctx.storage.get(output.storageKey)) }
    : await prepareImageForShopify(await ctx.storage.get(output.storageKey));
  const resourceUrl = await uploadToStagedTarget(
    admin,
    { filename, mimeType: upload.mimeType, bytes: upload.bytes, resource: video ? "VIDEO" : "IMAGE" },
    { signal, timeoutMs: video ? 300_000 : undefined },
  );
  const created = await admin.request(FILE_CREATE_MUTATION, {
    variables: { files: [{ originalSource: resourceUrl, filename, alt: altText, contentType: video ? "VIDEO" : "IMAGE", duplicateResolutionMode: "APPEND_UUID" }] },
    signal,
    retryWhenOutcomeUnknown: false,
  });
  throwOnUserErrors("fileCreate", created.fileCreate?.userErrors);
  const file = created.fileCreate?.files?.[0];
  if (!file) throw new ShopifyApiError("graphql", "fileCreate returned no file", false);
  return file.id;
}

/**
 * The publish job's work. Idempotent: running it again after success, a crash or a double click
 * leaves exactly one media item on the product.
 */
export async function publishGeneration(
  ctx: MediaContext,
  input: { generationId: string; signal?: AbortSignal; log?: Logger; admin?: AdminGraphql },
): Promise<PublishResult> {
  const log = input.log ?? ctx.log;
  const generation = await ctx.db.generation.findUnique({
    where: { id: input.generationId },
    include: { product: true, shop: true },
  });
  if (!generation) return { status: "skipped", reason: "generation not found" };
  if (!generation.shop.installed) return { status: "skipped", reason: "shop uninstalled" };
  if (!(PUBLISHABLE_STATUSES as readonly string[]).includes(generation.status) && generation.status !== "published") {
    return { status: "skipped", reason: `status ${generation.status}` };
  }
  if (!generation.outputAssetId) throw new UnrecoverableError("Generation has no output asset");
  if (generation.status === "ready_for_review" || generation.status === "failed") {
    // Auto-publish jobs arrive straight from review-ready: show the merchant it is under way.
    await ctx.db.generation.updateMany({ where: { id: generation.id, status: generation.status }, data: { status: "publishing" } });
  }
  const output = await ctx.db.asset.findUniqueOrThrow({ where: { id: generation.outputAssetId } });
  const video = isVideoMime(output.mimeType);
  const overLimits = video ? storeVideoLimitProblem(output) : null;
  if (overLimits) {
    await markFailed(ctx, generation.id, "video_over_store_limits", overLimits);
    return { status: "skipped", reason: overLimits };
  }
  const choices = ((generation.options as { publish?: PublishChoices }).publish ?? {}) as PublishChoices;
  const product = generation.product;
  const admin = input.admin ?? (await offlineAdminGraphql(ctx, generation.shop.domain));

  return withRedisLock(ctx.redis, `${ctx.env.REDIS_PREFIX}:lock:product-media:${product.id}`, async () => {
    const live = await fetchProductMedia(admin, product.shopifyId, input.signal);
    if (!live) {
      await markFailed(ctx, generation.id, "product_deleted", "The product was deleted in Shopify, so the image was not published.");
      return { status: "skipped", reason: "product deleted" };
    }
    const glint = await glintMediaOnProduct(ctx, product.id);
    const altText = choices.altText ?? output.altText ?? defaultAltText(product.title, generation.style);
    const existing = await ctx.db.asset.findUnique({
      where: { shopId_kind_checksum_productId: { shopId: output.shopId, kind: "published", checksum: output.checksum, productId: product.id } },
    });

    if (!existing?.shopifyMediaId) {
      if (!choices.acknowledgeProductChange) {
        const source = generation.sourceAssetId
          ? await ctx.db.asset.findUnique({ where: { id: generation.sourceAssetId }, select: { shopifyMediaId: true } })
          : null;
        const reason = staleReason(generation, product, live, glint, source?.shopifyMediaId ?? null);
        if (reason) {
          await ctx.db.generation.update({
            where: { id: generation.id },
            data: { status: "ready_for_review", errorCode: "product_changed", errorMessage: `${reason} Review it and publish again if it still fits.` },
          });
          log.info({ reason }, "publish stopped: product changed");
          return { status: "stale", reason };
        }
      }
      // The revert target: the gallery and variant images before Glint's first change, recorded once.
      if (product.originalMedia === null) {
        const original: OriginalMedia = {
          media: live.media.nodes.filter((m) => !glint.has(m.id)).map((m) => ({ id: m.id, alt: m.alt ?? null })),
          variants: [...(await fetchVariantImages(admin, product.shopifyId, input.signal))].map(([id, mediaId]) => ({ id, mediaId })),
        };
        await ctx.db.product.updateMany({
          where: { id: product.id, originalMedia: { equals: Prisma.DbNull } },
          data: { originalMedia: original as unknown as Prisma.InputJsonValue },
        });
      }
    }

    const published = existing ?? (await claimPublishedAsset(ctx, output, product.id, altText));
    let mediaId = published.shopifyMediaId;
    if (!mediaId) {
      const filename = seoFilename(live.handle, generation.style, output.checksum, video ? "mp4" : "jpg");
      mediaId = await createShopifyFile(ctx, admin, output, filename, altText, input.signal);
      await ctx.db.asset.update({ where: { id: published.id }, data: { shopifyMediaId: mediaId, altText } });
    }
    const alreadyOnProduct = live.media.nodes.some((m) => m.id === mediaId);
    await waitUntilReady(admin, mediaId, input.signal);

    const updated = await admin.request(FILE_UPDATE_MUTATION, {
      variables: { files: [{ id: mediaId, alt: altText, ...(alreadyOnProduct ? {} : { referencesToAdd: [product.shopifyId] }) }] },
      signal: input.signal,
    });
    throwOnUserErrors("fileUpdate", updated.fileUpdate?.userErrors);
    await waitUntilReady(admin, mediaId, input.signal);

    const position = choices.featured ? 0 : choices.position;
    if (position !== undefined) {
      const reordered = await admin.request(PRODUCT_REORDER_MEDIA_MUTATION, {
        variables: { id: product.shopifyId, moves: [{ id: mediaId, newPosition: String(position) }] },
        signal: input.signal,
      });
      throwOnUserErrors("productReorderMedia", reordered.productReorderMedia?.mediaUserErrors);
    }
    // A variant shows an image, never a video.
    const variantIds = video ? [] : (choices.variantIds ?? (generation.variantId?.startsWith("gid://") ? [generation.variantId] : []));
    if (variantIds.length) {
      const current = await fetchVariantImages(admin, product.shopifyId, input.signal);
      await showOnVariants(admin, current, product.shopifyId, mediaId, variantIds, input.signal);
    }

    // Charged once the image is live (idempotent), then shown as published.
    await commitCredits(ctx.db, { shopId: generation.shopId, generationId: generation.id, idempotencyKey: `commit:${generation.id}` });
    await ctx.db.generation.update({
      where: { id: generation.id },
      data: { status: "published", completedAt: new Date(), errorCode: null, errorMessage: null },
    });
    log.info({ mediaId, alreadyOnProduct }, "published to Shopify");
    return { status: "published", mediaId, alreadyPublished: alreadyOnProduct };
  });
}

/**
 * A variant shows one image: the chosen variants' current image is detached (it stays in the
 * gallery, and revert puts it back) and this one attached. Variants already showing it are left alone.
 */
async function showOnVariants(
  admin: AdminGraphql,
  current: VariantImages,
  productId: string,
  mediaId: string,
  variantIds: string[],
  signal?: AbortSignal,
): Promise<void> {
  const unknown = variantIds.filter((id) => !current.has(id));
  if (unknown.length) throw new ShopifyApiError("user_error", "Some of the chosen variants no longer exist on this product.", false, { unknown });
  const targets = variantIds.filter((id) => current.get(id) !== mediaId);
  const detach = targets.flatMap((id) => (current.get(id) ? [{ variantId: id, mediaIds: [current.get(id)!] }] : []));
  if (detach.length) {
    const detached = await admin.request(PRODUCT_VARIANT_DETACH_MEDIA_MUTATION, { variables: { productId, variantMedia: detach }, signal });
    throwOnUserErrors("productVariantDetachMedia", detached.productVariantDetachMedia?.userErrors);
  }
  if (targets.length) {
    const appended = await admin.request(PRODUCT_VARIANT_APPEND_MEDIA_MUTATION, {
      variables: { productId, variantMedia: targets.map((variantId) => ({ variantId, mediaIds: [mediaId] })) },
      signal,
    });
    throwOnUserErrors("productVariantAppendMedia", appended.productVariantAppendMedia?.userErrors);
  }
}

async function markFailed(ctx: Pick<AppContext, "db">, generationId: string, errorCode: string, errorMessage: string): Promise<void> {
  await ctx.db.generation.update({ where: { id: generationId }, data: { status: "failed", errorCode, errorMessage } });
}

/** The merchant-readable reason a publish failed for good. */
export function publishFailureMessage(error: unknown): { code: string; message: string } {
  if (error instanceof MediaProcessingError) return { code: "shopify_media_failed", message: error.message };
  if (isShopifyApiError(error)) {
    if (error.code === "user_error") return { code: "shopify_refused", message: `Shopify refused the image: ${error.message}` };
    if (error.code === "unauthorized" || error.code === "no_session") {
      return { code: "shopify_access", message: "Glint no longer has access to this store, so the image was not published." };
    }
  }
  return { code: "publish_failed", message: "The image could not be published to Shopify. Try again in a few minutes." };
}

export async function markPublishFailed(ctx: Pick<AppContext, "db">, generationId: string, error: unknown): Promise<void> {
  const { code, message } = publishFailureMessage(error);
  await markFailed(ctx, generationId, code, message);
}

// ---- Revert ----------------------------------------------------------------------------------

export interface RevertResult {
  removed: string[];
  restoredOrder: string[];
}

/** Queues one revert job per product (single or bulk). Ids are Product row ids or Shopify GIDs. */
export async function requestRevert(
  ctx: Pick<AppContext, "db" | "queues">,
  input: { shopDomain: string; productIds: string[] },
): Promise<number> {
  const products = await ctx.db.product.findMany({
    where: { shop: { domain: input.shopDomain }, OR: [{ id: { in: input.productIds } }, { shopifyId: { in: input.productIds } }] },
    select: { id: true },
  });
  for (const product of products) {
    await addReplacingFinished(
      ctx.queues[QUEUE.publish],
      "revert",
      { shop: input.shopDomain, productId: product.id },
      jobId("revert", product.id),
    );
  }
  return products.length;
}

/** Removes the media Glint added and restores the original gallery order. */
export async function revertProduct(
  ctx: MediaContext,
  input: { productId: string; signal?: AbortSignal; log?: Logger; admin?: AdminGraphql },
): Promise<RevertResult> {
  const product = await ctx.db.product.findUnique({ where: { id: input.productId }, include: { shop: true } });
  if (!product) return { removed: [], restoredOrder: [] };
  const admin = input.admin ?? (await offlineAdminGraphql(ctx, product.shop.domain));

  return withRedisLock(ctx.redis, `${ctx.env.REDIS_PREFIX}:lock:product-media:${product.id}`, async () => {
    const published = await ctx.db.asset.findMany({ where: { productId: product.id, kind: "published" } });
    const glint = new Set(published.flatMap((a) => (a.shopifyMediaId ? [a.shopifyMediaId] : [])));
    const live = await fetchProductMedia(admin, product.shopifyId, input.signal);
    // Read before Glint's files go: removing a file also clears it from the variants showing it.
    const variantsBefore = live ? await fetchVariantImages(admin, product.shopifyId, input.signal) : new Map<string, string | null>();
    const removed = live ? live.media.nodes.map((m) => m.id).filter((id) => glint.has(id)) : [];
    if (live && removed.length) {
      const result = await admin.request(FILE_UPDATE_MUTATION, {
        variables: { files: removed.map((id) => ({ id, referencesToRemove: [product.shopifyId] })) },
        signal: input.signal,
      });
      throwOnUserErrors("fileUpdate", result.fileUpdate?.userErrors);
    }

    const original = (product.originalMedia as OriginalMedia | null) ?? { media: [], variants: [] };
    let restoredOrder: string[] = [];
    // Only media still on the product can go back in place (a merchant may have deleted some).
    const present = new Set(live?.media.nodes.map((m) => m.id) ?? []);
    if (live && original.media.length) {
      restoredOrder = original.media.map((m) => m.id).filter((id) => present.has(id));
      const current = live.media.nodes.map((m) => m.id).filter((id) => !glint.has(id));
      if (current.join() !== restoredOrder.join()) {
        const reordered = await admin.request(PRODUCT_REORDER_MEDIA_MUTATION, {
          variables: { id: product.shopifyId, moves: restoredOrder.map((id, index) => ({ id, newPosition: String(index) })) },
          signal: input.signal,
        });
        throwOnUserErrors("productReorderMedia", reordered.productReorderMedia?.mediaUserErrors);
      }
    }
    if (live) {
      // Removing Glint's files cleared them from their variants; give those variants their image back.
      const restore = original.variants.filter((v) => {
        const shown = variantsBefore.get(v.id);
        return v.mediaId && present.has(v.mediaId) && shown !== undefined && (shown === null || glint.has(shown));
      });
      if (restore.length) {
        const appended = await admin.request(PRODUCT_VARIANT_APPEND_MEDIA_MUTATION, {
          variables: { productId: product.shopifyId, variantMedia: restore.map((v) => ({ variantId: v.id, mediaIds: [v.mediaId!] })) },
          signal: input.signal,
        });
        throwOnUserErrors("productVariantAppendMedia", appended.productVariantAppendMedia?.userErrors);
      }
    }

    await ctx.db.$transaction([
      ctx.db.generation.updateMany({ where: { productId: product.id, status: "published" }, data: { status: "reverted" } }),
      // The published records go: publishing again later creates fresh media.
      ctx.db.asset.deleteMany({ where: { productId: product.id, kind: "published" } }),
      ctx.db.product.update({ where: { id: product.id }, data: { originalMedia: Prisma.DbNull } }),
    ]);
    (input.log ?? ctx.log).info({ productId: product.id, removed: removed.length }, "product media reverted");
    return { removed, restoredOrder };
  });
}
