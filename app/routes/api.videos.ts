/**
 * Product videos for the pages and the extensions.
 *
 * GET  /api/videos?kind=product_video&products=&modelId=&durationSeconds=
 * GET  /api/videos?kind=multi_photo&mode=&angles=&modelId=
 *      — the quote shown before confirming: credits needed against the balance (and why it would be
 *        refused), the video models to choose from with their credits and the length each would make.
 * GET  /api/videos?kind=photos&productId=
 *      — the photos a multi-photo video can be made from: the product's images in Shopify, then its
 *        Glint image results (short-lived links to show them).
 * POST /api/videos { kind: "product_video", productIds, motion, durationSeconds, aspectRatio, modelId? }
 * POST /api/videos { kind: "multi_photo", productId, images, mode, segmentSeconds?, transition?, aspectRatio?, overlay?, music?, modelId?, motion? }
 *      — queue the work (202). Same pricing as the quote; products and images are read through the
 *        session's shop, so another shop's product or image is never found.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { handleApi, notFound, readJson, type ApiRequest } from "../api.server";
import { assetUrls } from "../components/asset-urls.server";
import { getProductDetail } from "../models/products.server";
import type { AdminGraphql } from "../shopify/graphql-client.server";
import { quoteCredits } from "../billing/spend-guard.server";
import { UserFacingError } from "../errors";
import { priceRequest } from "../models/generations.server";
import { fitDuration } from "../providers/registry/durations";
import { adminGraphqlFor } from "../shopify/admin-client.server";
import { MULTI_PHOTO_MODES } from "../video/video-options";
import { multiPhotoRequestSchema, priceMultiPhoto, requestMultiPhotoVideo } from "../video/multi-photo-request.server";
import { requestProductVideos } from "../video/request.server";
import type { MotionPreset } from "../video/motion-presets";

const quoteSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("product_video"),
    products: z.coerce.number().int().min(1, "Choose at least one product.").max(250, "At most 250 products per request.").default(1),
    modelId: z.string().min(1).max(128).optional(),
    durationSeconds: z.coerce.number().int().min(1).max(60).optional(),
  }),
  z.object({
    kind: z.literal("photos"),
    productId: z.string().regex(/^gid:\/\/shopify\/Product\/\d+$/, "productId is a Shopify product id (gid://shopify/Product/…)."),
  }),
  z.object({
    kind: z.literal("multi_photo"),
    mode: z.enum(MULTI_PHOTO_MODES, { message: "mode is stills or clips." }),
    angles: z.coerce.number().int().min(2, "Choose at least 2 photos.").max(8, "Choose at most 8 photos."),
    modelId: z.string().min(1).max(128).optional(),
  }),
], { message: "kind is product_video, multi_photo or photos." });

const productVideoSchema = z.object({
  kind: z.literal("product_video"),
  productIds: z.array(z.string(), { message: "productIds is a list of Shopify product ids." }),
  motion: z.string({ message: "Choose a camera move." }),
  durationSeconds: z.number({ message: "Choose how long the video lasts, in seconds." }),
  aspectRatio: z.string({ message: "Choose a video shape." }),
  modelId: z.string().min(1).max(128).optional(),
  autoPublish: z.boolean().optional(),
});

const createSchema = z.discriminatedUnion("kind", [productVideoSchema, multiPhotoRequestSchema.extend({ kind: z.literal("multi_photo") })], {
  message: "kind is product_video or multi_photo.",
});

/** Video models the merchant may pick (the chain's first, then every other that animates a photo), with their credits and the length each would make. */
function videoModels(ctx: Parameters<typeof priceRequest>[0], durationSeconds?: number) {
  const chain = ctx.registry.chain("image_to_video");
  const others = ctx.registry.models.filter((m) => m.capabilities.includes("image_to_video") && !chain.includes(m));
  return [...chain, ...others].map((m) => ({
    id: m.id,
    displayName: m.displayName,
    credits: m.credits,
    durations: m.durations ?? [],
    fittedDurationSeconds: fitDuration(m, durationSeconds) ?? null,
  }));
}

/** The product's own images, then its Glint image results; ids are what a multi-photo request names. */
async function photoChoices(ctx: ApiRequest["ctx"], admin: AdminGraphql, shopId: string, productId: string, signal: AbortSignal) {
  const product = await getProductDetail(admin, productId, signal);
  if (!product) throw notFound("This product");
  const own = product.media.nodes.flatMap((m, i) =>
    m.mediaContentType === "IMAGE" && m.preview?.image?.url ? [{ id: m.id, url: m.preview.image.url, label: m.alt || `Product photo ${i + 1}`, byGlint: false }] : [],
  );
  const outputs = await ctx.db.asset.findMany({
    where: { shopId, kind: "output", mimeType: { startsWith: "image/" }, product: { shopifyId: productId } },
    orderBy: { createdAt: "desc" },
    take: 24,
    select: { id: true },
  });
  const urls = await assetUrls(ctx, shopId, outputs.map((o) => o.id));
  const glint = outputs.map((o, i) => ({ id: o.id, url: urls.get(o.id) ?? null, label: `Glint result ${i + 1}`, byGlint: true }));
  return { photos: [...own, ...glint] };
}

export async function loader({ request }: LoaderFunctionArgs) {
  return handleApi(request, async ({ ctx, shop, session }) => {
    const query = quoteSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    if (query.kind === "photos") {
      return photoChoices(ctx, adminGraphqlFor(ctx, session.shop, session.accessToken ?? ""), shop.id, query.productId, request.signal);
    }
    if (query.kind === "product_video") {
      const { model } = priceRequest(ctx, undefined, "image_to_video", query.modelId);
      const quote = await quoteCredits(ctx, { shopId: shop.id, modelId: model.id, count: query.products, registry: ctx.registry });
      return { ...quote, fittedDurationSeconds: fitDuration(model, query.durationSeconds) ?? null, models: videoModels(ctx, query.durationSeconds) };
    }
    const price = priceMultiPhoto(ctx, { mode: query.mode, angles: query.angles, modelId: query.modelId });
    const quote = await quoteCredits(ctx, { shopId: shop.id, modelId: price.clipModelId ?? "stills", creditsEach: price.credits, count: 1, registry: ctx.registry });
    return { ...quote, models: videoModels(ctx) };
  });
}

export async function action({ request }: ActionFunctionArgs) {
  return handleApi(request, async ({ ctx, session }) => {
    if (request.method !== "POST") return Response.json({ error: { code: "method_not_allowed", message: "Use POST." } }, { status: 405 });
    const body = await readJson(request, createSchema);
    const admin = adminGraphqlFor(ctx, session.shop, session.accessToken ?? "");
    if (body.kind === "product_video") {
      if (!body.productIds.length) throw new UserFacingError({ code: "invalid_request", httpStatus: 400, message: "Choose at least one product." });
      const result = await requestProductVideos(
        ctx,
        admin,
        {
          shopDomain: session.shop,
          productIds: body.productIds,
          // requestProductVideos refuses an unknown camera move with the list of moves.
          motion: body.motion as MotionPreset,
          durationSeconds: body.durationSeconds,
          aspectRatio: body.aspectRatio,
          modelId: body.modelId,
          autoPublish: body.autoPublish,
        },
        request.signal,
      );
      return Response.json(result, { status: 202 });
    }
    const result = await requestMultiPhotoVideo(ctx, admin, { ...body, shopDomain: session.shop }, request.signal);
    return Response.json(result, { status: 202 });
  });
}
