/** GET /api/products/:id/results — the latest Glint results for one product (id = URL-encoded product GID), newest first. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { handleApi } from "../api.server";

const RESULT_LIMIT = 12;

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handleApi(request, async ({ ctx, shop }) => {
    const shopifyId = params.id ?? "";
    const generations = await ctx.db.generation.findMany({
      where: { shopId: shop.id, product: { shopifyId } },
      orderBy: { createdAt: "desc" },
      take: RESULT_LIMIT,
    });
    const outputs = await ctx.db.asset.findMany({
      where: { shopId: shop.id, id: { in: generations.flatMap((g) => (g.outputAssetId ? [g.outputAssetId] : [])) } },
    });
    const keyOf = new Map(outputs.map((a) => [a.id, a.storageKey]));
    const results = await Promise.all(
      generations.map(async (g) => {
        const key = g.outputAssetId ? keyOf.get(g.outputAssetId) : undefined;
        return {
          generationId: g.id,
          style: g.style,
          status: g.status,
          previewUrl: key ? await ctx.storage.url(key, { expiresInSeconds: 3600 }) : null,
          createdAt: g.createdAt,
        };
      }),
    );
    return { results };
  });
}
