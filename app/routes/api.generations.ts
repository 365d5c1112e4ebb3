/**
 * GET  /api/generations?batchId=&status=&productId= — generations of the authenticated shop.
 * POST /api/generations { productIds, style?, capability?, count?, modelId?, autoPublish?, prompt? } — queue work.
 *   `prompt` is the merchant's own prompt instead of Glint's (trimmed, 1 to 2,000 characters).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { GenerationStatus } from "@prisma/client";
import { z } from "zod";
import { handleApi, readJson } from "../api.server";
import { generateForProducts } from "../models/catalog-generations.server";
import { listGenerations } from "../models/generations.server";
import { defaultStyleOf } from "../models/shop-settings.server";
import { CAPABILITIES } from "../providers/registry/index";
import { adminGraphqlFor } from "../shopify/admin-client.server";
import { generationView } from "./api.generations.$id";

const createSchema = z.object({
  productIds: z.array(z.string()).min(1, "Choose at least one product").max(250, "At most 250 products per request"),
  style: z.string().min(1).max(64).optional(),
  capability: z.enum(CAPABILITIES).optional(),
  count: z.number().int().min(1).max(4).optional(),
  modelId: z.string().min(1).max(128).optional(),
  autoPublish: z.boolean().optional(),
  source: z.enum(["app", "extension"]).default("app"),
  // Validated (cleaned, length-limited) where every entry point's requests are: requestGenerations.
  prompt: z.string().optional(),
});

// Query strings are input too: an unknown status or a non-numeric limit is a 400, not a database error.
const listSchema = z.object({
  statuses: z.array(z.enum(Object.values(GenerationStatus) as [GenerationStatus, ...GenerationStatus[]])),
  batchId: z.string().min(1).max(190).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(200),
});

export async function loader({ request }: LoaderFunctionArgs) {
  return handleApi(request, async ({ ctx, session }) => {
    const url = new URL(request.url);
    const query = listSchema.parse({
      statuses: url.searchParams.getAll("status"),
      batchId: url.searchParams.get("batchId") ?? undefined,
      limit: url.searchParams.get("limit") ?? undefined,
    });
    const rows = await listGenerations(ctx, {
      shopDomain: session.shop,
      batchId: query.batchId,
      statuses: query.statuses.length ? query.statuses : undefined,
      limit: query.limit,
    });
    return { generations: rows.map(generationView) };
  });
}

export async function action({ request }: ActionFunctionArgs) {
  return handleApi(request, async ({ ctx, session, shop }) => {
    if (request.method !== "POST") return Response.json({ error: { code: "method_not_allowed", message: "Use POST." } }, { status: 405 });
    const body = await readJson(request, createSchema);
    const admin = adminGraphqlFor(ctx, session.shop, session.accessToken ?? "");
    const result = await generateForProducts(
      ctx,
      admin,
      {
        shopDomain: session.shop,
        productIds: body.productIds,
        // "auto" (the extensions' default) runs the merchant's default style; the model is chosen per product.
        style: body.style === "auto" ? defaultStyleOf(shop.settings) : body.style,
        capability: body.capability,
        count: body.count,
        modelId: body.modelId,
        autoPublish: body.autoPublish,
        prompt: body.prompt,
        source: body.source,
        batchId: `b-${crypto.randomUUID()}`,
      },
      request.signal,
    );
    return Response.json(result, { status: 202 });
  });
}
