/** GET /api/generations/:id — one generation of the authenticated shop (404 for any other shop's). */
import type { LoaderFunctionArgs } from "@remix-run/node";
import type { Generation } from "@prisma/client";
import { handleApi, notFound } from "../api.server";
import { getGeneration } from "../models/generations.server";

/** What API clients see of a generation: no storage keys, provider secrets or raw prompts. */
export function generationView(g: Generation & { product: { shopifyId: string; title: string } }) {
  const attempts = Array.isArray(g.attempts) ? g.attempts : [];
  return {
    id: g.id,
    productId: g.product.shopifyId,
    productTitle: g.product.title,
    batchId: g.batchId,
    style: g.style,
    status: g.status,
    modelId: g.modelId,
    fallbacks: Math.max(0, attempts.length - 1),
    creditsReserved: g.creditsReserved,
    creditsCharged: g.creditsCharged,
    errorCode: g.errorCode,
    errorMessage: g.errorMessage,
    createdAt: g.createdAt,
    completedAt: g.completedAt,
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handleApi(request, async ({ ctx, session }) => {
    const generation = await getGeneration(ctx, { shopDomain: session.shop, generationId: params.id ?? "" });
    if (!generation) throw notFound("That generation");
    return { generation: generationView(generation) };
  });
}
