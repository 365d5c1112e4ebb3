/**
 * "Generate for these products" from any entry point (app pages, the admin action extensions, the
 * JSON API): reads each product from Shopify so the request works on the catalog as it is now,
 * then hands the snapshots to the generation engine. One path, so every entry point prices,
 * guards and de-duplicates the same way.
 */
import { UserFacingError } from "../errors";
import type { AdminGraphql } from "../shopify/graphql-client.server";
import {
  productSnapshotSchema,
  requestGenerations,
  type ProductSnapshotInput,
  type RequestGenerationsInput,
} from "./generations.server";
import { getProductDetail, type ProductDetail } from "./products.server";

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

export function snapshotForGeneration(product: ProductDetail): ProductSnapshotInput {
  const image = product.media.nodes.find((m) => m.mediaContentType === "IMAGE" && m.preview?.image?.url);
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
  const products = (await readProducts(admin, ids, signal)).map(snapshotForGeneration);
  return requestGenerations(ctx, { ...input, productIds: ids, products });
}

