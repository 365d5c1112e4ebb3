/**
 * "Generate for these products" from any entry point (app pages, the admin action extensions, the
 * JSON API): reads each product from Shopify so the request works on the catalog as it is now,
 * then hands the snapshots to the generation engine. One path, so every entry point prices,
 * guards and de-duplicates the same way. A request the shop's rate limit would refuse is refused
 * before those reads.
 */
import { rateLimitRefusal } from "../billing/spend-guard.server";
import { isUserFacingError, UserFacingError } from "../errors";
import { isStyle } from "../intelligence/select.server";
import type { Capability } from "../providers/types";
import type { AdminGraphql } from "../shopify/graphql-client.server";
import {
  productSnapshotSchema,
  requestGenerations,
  type ProductSnapshotInput,
  type RequestGenerationsInput,
} from "./generations.server";
import { getProductDetail, getProductVariants, glintMediaIds, type ProductDetail } from "./products.server";

/** Shopify product reads in flight at once: enough to be quick, few enough to stay inside the cost bucket. */
const READ_CONCURRENCY = 4;

export function plainText(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Made from `source.preferredMediaId` when it is one of the product's images (a variant's), else
 * the first image that is not Glint's own output (`source.exclude`): a published result fed back
 * in would drift further from the real product with every run.
 */
export function snapshotForGeneration(product: ProductDetail, source: { preferredMediaId?: string; exclude?: ReadonlySet<string> } = {}): ProductSnapshotInput {
  const images = product.media.nodes.filter((m) => m.mediaContentType === "IMAGE" && m.preview?.image?.url);
  const originals = images.filter((m) => !source.exclude?.has(m.id));
  const image = images.find((m) => m.id === source.preferredMediaId) ?? originals[0] ?? images[0];
  return {
    shopifyId: product.id,
    title: product.title,
    handle: product.handle,
    productType: product.productType || null,
    vendor: product.vendor || null,
    tags: product.tags,
    description: plainText(product.descriptionHtml).slice(0, 20_000),
    imageUrl: image?.preview?.image?.url ?? null,
  };
}

async function readProducts(admin: AdminGraphql, ids: string[], signal?: AbortSignal): Promise<ProductDetail[]> {
  const found: ProductDetail[] = [];
  const missing: string[] = [];
  for (let i = 0; i < ids.length; i += READ_CONCURRENCY) {
    const slice = ids.slice(i, i + READ_CONCURRENCY);
    const details = await Promise.all(slice.map((id) => getProductDetail(admin, id, signal)));
    details.forEach((d, j) => (d ? found.push(d) : missing.push(slice[j])));
  }
  if (missing.length) {
    throw new UserFacingError({
      code: "product_not_found",
      httpStatus: 404,
      message:
        missing.length === 1
          ? "One of the selected products no longer exists in your store. Refresh the list and try again."
          : `${missing.length} of the selected products no longer exist in your store. Refresh the list and try again.`,
    });
  }
  return found;
}

export async function generateForProducts(
  ctx: Parameters<typeof requestGenerations>[0],
  admin: AdminGraphql,
  input: Omit<RequestGenerationsInput, "products">,
  signal?: AbortSignal,
) {
  const ids = [...new Set(input.productIds)];
  if (ids.length === 0 || ids.length > 250) {
    throw new UserFacingError({ code: "invalid_request", httpStatus: 400, message: "Choose between 1 and 250 products." });
  }
  if (ids.some((id) => !productSnapshotSchema.shape.shopifyId.safeParse(id).success)) {
    throw new UserFacingError({ code: "invalid_request", httpStatus: 400, message: "Product ids must be Shopify product ids (gid://shopify/Product/…)." });
  }
  const shop = await ctx.db.shop.findUnique({ where: { domain: input.shopDomain }, select: { id: true } });
  const refusal = shop ? await rateLimitRefusal(ctx, shop.id) : undefined;
  if (refusal) {
    // Refused requests must not spend the shop's Admin API budget on reads. A repeat of work still
    // in flight takes no token and goes through, from the rows it already has.
    try {
      return await requestGenerations(ctx, { ...input, productIds: ids });
    } catch (error) {
      if (isUserFacingError(error) && error.code === "product_not_found") throw refusal;
      throw error;
    }
  }
  const [details, variantMediaId, exclude] = await Promise.all([
    readProducts(admin, ids, signal),
    input.variantId ? variantImage(admin, ids[0], input.variantId, signal) : undefined,
    shop ? glintMediaIds(ctx, shop.id) : new Set<string>(),
  ]);
  const products = details.map((product) => snapshotForGeneration(product, { preferredMediaId: variantMediaId ?? undefined, exclude }));
  return requestGenerations(ctx, { ...input, productIds: ids, products });
}

/** The media the variant shows (null: none of its own); refuses a variant not on the product. */
async function variantImage(admin: AdminGraphql, productId: string, variantId: string, signal?: AbortSignal): Promise<string | null> {
  const variant = (await getProductVariants(admin, productId, signal))?.find((v) => v.id === variantId);
  if (!variant) {
    throw new UserFacingError({ code: "variant_not_found", httpStatus: 404, message: "That variant is no longer on this product. Reload the page and try again." });
  }
  return variant.media.nodes[0]?.id ?? null;
}

/**
 * Regenerate one result with the merchant's edited prompt: a new generation for the same product,
 * style and variant (a new request, charged once; a double click joins it).
 */
export async function regenerateWithPrompt(
  ctx: Parameters<typeof requestGenerations>[0],
  admin: AdminGraphql,
  input: { shopDomain: string; generationId: string; prompt: string; autoPublish: boolean; productGid?: string },
  signal?: AbortSignal,
) {
  const original = await ctx.db.generation.findFirst({
    where: { id: input.generationId, shop: { domain: input.shopDomain }, ...(input.productGid ? { product: { shopifyId: input.productGid } } : {}) },
    include: { product: { select: { shopifyId: true } } },
  });
  if (!original) throw new UserFacingError({ code: "not_found", httpStatus: 404, message: "This result no longer exists. Reload the page." });
  return generateForProducts(
    ctx,
    admin,
    {
      shopDomain: input.shopDomain,
      productIds: [original.product.shopifyId],
      // Shot styles re-plan their capability; anything else (video) asks for the same capability.
      ...(isStyle(original.style) ? { style: original.style } : { capability: original.capability as Capability }),
      variantId: original.variantId?.startsWith("gid://") ? original.variantId : undefined,
      prompt: input.prompt,
      count: 1,
      source: original.source === "automation" ? "app" : original.source,
      autoPublish: input.autoPublish,
    },
    signal,
  );
}

