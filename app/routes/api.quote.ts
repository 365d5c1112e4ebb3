/**
 * GET /api/quote?style=&count=&products= — what a request would cost and whether it would run,
 * shown BEFORE the merchant confirms (extensions and pages). Same pricing and guards as the request.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { handleApi } from "../api.server";
import { quoteCredits } from "../billing/spend-guard.server";
import { priceRequest } from "../models/generations.server";
import { defaultStyleOf } from "../models/shop-settings.server";

const quoteSchema = z.object({
  style: z.string().min(1).max(64).default("auto"),
  /** Images per product. */
  count: z.coerce.number().int().min(1, "count must be at least 1").max(4, "At most 4 images per product").default(1),
  /** How many products are selected. */
  products: z.coerce.number().int().min(1).max(250, "At most 250 products per request").default(1),
});

export async function loader({ request }: LoaderFunctionArgs) {
  return handleApi(request, async ({ ctx, shop }) => {
    const url = new URL(request.url);
    const query = quoteSchema.parse(Object.fromEntries(url.searchParams));
    const style = query.style === "auto" ? defaultStyleOf(shop.settings) : query.style;
    const { model } = priceRequest(ctx, style, undefined, undefined);
    const quote = await quoteCredits(ctx, {
      shopId: shop.id,
      modelId: model.id,
      count: query.count * query.products,
      registry: ctx.registry,
    });
    return { style, ...quote };
  });
}
