/**
 * "Make a video from several photos" for one product: the merchant picks 2–8 of the product's
 * images (its own media in Shopify and/or Glint outputs), stills or clips, segment length,
 * transition, shape, and optionally the title/price overlay and a music track. The request reads
 * the product from the shop's Admin API (so only that shop's product and its own images can be
 * named), prices it, reserves the credits and creates one generation rendered by the
 * multi-photo-video worker job. A repeat of the same request while it runs joins it.
 *
 * Price: stills cost MULTI_PHOTO_STILLS_CREDITS; clips cost the clip model's credits per angle.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import type { AppContext } from "../context.server";
import { UserFacingError } from "../errors";
import { enqueueMultiPhotoVideo } from "../jobs/multi-photo-video";
import { snapshotForGeneration } from "../models/catalog-generations.server";
import { activeShop, createGenerations, productSnapshotSchema, upsertProduct } from "../models/generations.server";
import { getProductDetail, type ProductDetail } from "../models/products.server";
import type { AdminGraphql } from "../shopify/graphql-client.server";
import { activeMotionVersion, MOTION_PRESETS } from "./motion-presets";
import { MUSIC_TRACK_IDS } from "./music-tracks";
import { MULTI_PHOTO_CAPABILITY, type MultiPhotoAngle, type MultiPhotoSpec } from "./multi-photo-spec";
import { MAX_ANGLES, MIN_ANGLES, TRANSITIONS } from "./stitch-limits";
import { MULTI_PHOTO_MODES, SEGMENT_SECONDS, VIDEO_ASPECT_RATIOS } from "./video-options";

type Ctx = Parameters<typeof createGenerations>[0] & Pick<AppContext, "env">;

const PRODUCT_GID = /^gid:\/\/shopify\/Product\/\d+$/;

export const multiPhotoRequestSchema = z.object({
  productId: z.string().regex(PRODUCT_GID, "Choose a product (a Shopify product id, gid://shopify/Product/…)."),
  /** Product media ids (gid://shopify/MediaImage/…) and/or Glint output asset ids, in the order they play. */
  images: z
    .array(z.string().min(1).max(200))
    .min(MIN_ANGLES, `Choose at least ${MIN_ANGLES} photos.`)
    .max(MAX_ANGLES, `Choose at most ${MAX_ANGLES} photos.`)
    .refine((ids) => new Set(ids).size === ids.length, "Choose each photo only once."),
  mode: z.enum(MULTI_PHOTO_MODES, { message: "Choose stills (gentle zoom on each photo) or clips (a video model animates each photo)." }),
  segmentSeconds: z
    .number()
    .int(`Each photo shows for ${SEGMENT_SECONDS.min} to ${SEGMENT_SECONDS.max} whole seconds.`)
    .min(SEGMENT_SECONDS.min, `Each photo shows for at least ${SEGMENT_SECONDS.min} seconds.`)
    .max(SEGMENT_SECONDS.max, `Each photo shows for at most ${SEGMENT_SECONDS.max} seconds.`)
    .default(SEGMENT_SECONDS.default),
  transition: z.enum(TRANSITIONS, { message: `Choose a transition: ${TRANSITIONS.join(", ")}.` }).default("fade"),
  aspectRatio: z.enum(VIDEO_ASPECT_RATIOS, { message: `Choose a video shape: ${VIDEO_ASPECT_RATIOS.join(", ")}.` }).default("1:1"),
  /** Draw the product's title and price over the video. */
  overlay: z.boolean().default(false),
  music: z.enum(MUSIC_TRACK_IDS, { message: `Choose music from: ${MUSIC_TRACK_IDS.join(", ")}, or none.` }).optional(),
  /** Clips mode: the video model (the image-to-video chain's first otherwise). */
  modelId: z.string().min(1).max(128).optional(),
  motion: z.enum(MOTION_PRESETS, { message: `Choose a camera move: ${MOTION_PRESETS.join(", ")}.` }).default("push_in"),
  autoPublish: z.boolean().default(false),
});
export type MultiPhotoRequest = z.input<typeof multiPhotoRequestSchema>;

function invalid(message: string): UserFacingError {
  return new UserFacingError({ code: "invalid_request", httpStatus: 400, message });
}

export interface MultiPhotoPrice {
  credits: number;
  /** Clips mode: the model priced per angle. */
  clipModelId?: string;
}

/** What the request costs: used by the quote before confirming and by the request itself. */
export function priceMultiPhoto(ctx: Pick<Ctx, "registry" | "env">, input: { mode: MultiPhotoSpec["mode"]; angles: number; modelId?: string }): MultiPhotoPrice {
  if (input.mode === "stills") return { credits: ctx.env.MULTI_PHOTO_STILLS_CREDITS };
  const model = input.modelId ? ctx.registry.find(input.modelId) : ctx.registry.chain("image_to_video")[0];
  if (!model || !model.capabilities.includes("image_to_video")) throw invalid(`The model "${input.modelId}" cannot animate a product photo.`);
  return { credits: model.credits * input.angles, clipModelId: model.id };
}

/** The shop's price of the product ("$24.00", "From $12.00"). */
export function formatPrice(range: ProductDetail["priceRangeV2"]): string | undefined {
  const min = range?.minVariantPrice;
  if (!min) return undefined;
  const format = (amount: string, currency: string) => new Intl.NumberFormat("en", { style: "currency", currency }).format(Number(amount));
  const low = format(min.amount, min.currencyCode);
  return Number(range.maxVariantPrice.amount) > Number(min.amount) ? `From ${low}` : low;
}

async function resolveAngles(ctx: Pick<Ctx, "db">, shopId: string, product: ProductDetail, images: string[]): Promise<MultiPhotoAngle[]> {
  const productRow = await ctx.db.product.findUnique({ where: { shopId_shopifyId: { shopId, shopifyId: product.id } }, select: { id: true } });
  return Promise.all(
    images.map(async (ref, i): Promise<MultiPhotoAngle> => {
      const media = product.media.nodes.find((m) => m.id === ref);
      if (media) {
        const url = media.mediaContentType === "IMAGE" ? media.preview?.image?.url : undefined;
        if (!url) throw invalid(`Photo ${i + 1} is not a still image of this product (or is still processing in Shopify).`);
        return { source: "product_media", mediaId: media.id, url };
      }
      const asset = productRow
        ? await ctx.db.asset.findFirst({ where: { id: ref, shopId, productId: productRow.id, kind: "output", mimeType: { startsWith: "image/" } }, select: { id: true } })
        : null;
      if (!asset) throw invalid(`Photo ${i + 1} is not one of this product's images or Glint results.`);
      return { source: "glint_output", assetId: asset.id };
    }),
  );
}

export async function requestMultiPhotoVideo(ctx: Ctx, admin: AdminGraphql, input: MultiPhotoRequest & { shopDomain: string; source?: string }, signal?: AbortSignal) {
  const parsed = multiPhotoRequestSchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error.issues[0]?.message ?? "Invalid request");
  const request = parsed.data;
  const shop = await activeShop(ctx, input.shopDomain);
  const price = priceMultiPhoto(ctx, { mode: request.mode, angles: request.images.length, modelId: request.modelId });

  // Read through the shop's own Admin API: another shop's product simply is not found.
  const product = await getProductDetail(admin, request.productId, signal);
  if (!product) {
    throw new UserFacingError({ code: "product_not_found", httpStatus: 404, message: "This product no longer exists in your store. Refresh the list and try again." });
  }
  await upsertProduct(ctx, shop.id, productSnapshotSchema.parse(snapshotForGeneration(product)));
  const angles = await resolveAngles(ctx, shop.id, product, request.images);
  const productRow = await ctx.db.product.findUniqueOrThrow({ where: { shopId_shopifyId: { shopId: shop.id, shopifyId: product.id } } });

  const spec: MultiPhotoSpec = {
    mode: request.mode,
    angles,
    segmentSeconds: request.segmentSeconds,
    transition: request.transition,
    ...(request.overlay ? { overlay: { title: product.title.slice(0, 60), price: formatPrice(product.priceRangeV2) } } : {}),
    ...(request.music ? { music: request.music } : {}),
    ...(price.clipModelId ? { clipModelId: price.clipModelId, motionPreset: activeMotionVersion(request.motion) } : {}),
    productTitle: product.title,
  };
  const requestKeyBase = createHash("sha256")
    .update(JSON.stringify([MULTI_PHOTO_CAPABILITY, product.id, request.images, request.mode, request.segmentSeconds, request.transition, request.aspectRatio, request.overlay, request.music ?? null, price.clipModelId ?? null, request.motion]))
    .digest("hex")
    .slice(0, 40);
  const result = await createGenerations(
    ctx,
    shop,
    [
      {
        productId: productRow.id,
        shopifyProductId: product.id,
        requestKeyBase,
        style: MULTI_PHOTO_CAPABILITY,
        // Not a registry capability: the generation is rendered by its own job, never routed to a model chain.
        capability: MULTI_PHOTO_CAPABILITY as never,
        options: { aspectRatio: request.aspectRatio, multiPhoto: spec, preferredModelId: price.clipModelId, variant: 0 },
      },
    ],
    {
      source: input.source ?? "video",
      autoPublish: request.autoPublish,
      creditsEach: price.credits,
      modelId: price.clipModelId ?? "stills",
      enqueue: enqueueMultiPhotoVideo,
    },
  );
  return { ...result, generation: result.generations[0] };
}
