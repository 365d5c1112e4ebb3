/** GET /api/products?first=&after=&q= — one page of the catalog for extensions and the smoke run. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { handleApi } from "../api.server";
import { UserFacingError } from "../errors";
import { listProductsPage } from "../models/products.server";
import { adminGraphqlFor } from "../shopify/admin-client.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return handleApi(request, async ({ ctx, session }) => {
    const url = new URL(request.url);
    const first = Number(url.searchParams.get("first") ?? 25);
    const after = url.searchParams.get("after");
    // Shopify cursors are opaque base64 text: anything else cannot be one (and would fail upstream as a 500).
    if (after !== null && !/^[A-Za-z0-9+/=_-]{1,1024}$/.test(after)) {
      throw new UserFacingError({ code: "invalid_request", httpStatus: 400, message: "That page link is not valid. Reload the product list." });
    }
    const admin = adminGraphqlFor(ctx, session.shop, session.accessToken ?? "");
    const page = await listProductsPage(admin, {
      filters: { text: url.searchParams.get("q") ?? undefined },
      after,
      first: Number.isFinite(first) ? first : 25,
      signal: request.signal,
    });
    return {
      products: page.products.map((p) => ({
        id: p.id,
        title: p.title,
        handle: p.handle,
        productType: p.productType,
        imageUrl: p.featuredMedia?.preview?.image?.url ?? null,
        mediaCount: p.mediaCount?.count ?? 0,
      })),
      pageInfo: page.pageInfo,
    };
  });
}
