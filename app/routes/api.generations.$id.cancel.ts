/** POST /api/generations/:id/cancel — stop work in progress; its reserved credits are released. */
import type { ActionFunctionArgs } from "@remix-run/node";
import { handleApi } from "../api.server";
import { cancelGeneration } from "../models/generations.server";

export async function action({ request, params }: ActionFunctionArgs) {
  return handleApi(request, async ({ ctx, session }) => {
    const generation = await cancelGeneration(ctx, { shopDomain: session.shop, generationId: params.id ?? "" });
    return { id: generation.id, status: generation.status };
  });
}
