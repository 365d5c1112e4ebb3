/** POST /api/generations/:id/retry — run a failed or rejected generation again (priced and guarded like a new one). */
import type { ActionFunctionArgs } from "@remix-run/node";
import { handleApi } from "../api.server";
import { retryGeneration } from "../models/generations.server";

export async function action({ request, params }: ActionFunctionArgs) {
  return handleApi(request, async ({ ctx, session }) => {
    const result = await retryGeneration(ctx, { shopDomain: session.shop, generationId: params.id ?? "" });
    return Response.json(result, { status: 202 });
  });
}
