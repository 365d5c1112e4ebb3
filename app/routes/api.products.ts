/** GET /api/products?first=&after=&q= — one page of the catalog for extensions and the smoke run. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { handleApi } from "../api.server";
import { listProductsPage } from "../models/products.server";
import { adminGraphqlFor } from "../shopify/admin-client.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return handleApi(request, async ({ ctx, session }) => {
    const url = new URL(request.url);
    const first = Number(url.searchParams.get("first") ?? 25);
    const admin = adminGraphqlFor(ctx, session.shop, session.accessToken ?? "");
    const page = await listProductsPage(admin, {
      filters: { text: url.searchParams.get("q") ?? undefined },
      after: url.searchParams.get("after"),
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
