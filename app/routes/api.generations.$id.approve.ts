/** POST /api/generations/:id/approve { position?, featured?, altText?, variantIds? } — approve and publish to the product. */
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { handleApi, readJson } from "../api.server";
import { approveAndPublish } from "../models/media.server";
import { recordVerdict } from "../intelligence/approval-learning.server";

const approveSchema = z.object({
  position: z.number().int().min(0).max(249).optional(),
  featured: z.boolean().optional(),
  altText: z.string().max(512, "Alt text can be at most 512 characters").optional(),
  variantIds: z.array(z.string().regex(/^gid:\/\/shopify\/ProductVariant\/\d+$/)).max(100).optional(),
  acknowledgeProductChange: z.boolean().optional(),
});

export async function action({ request, params }: ActionFunctionArgs) {
  return handleApi(request, async ({ ctx, session }) => {
    const choices = await readJson(request, approveSchema);
    const generation = await approveAndPublish(ctx, { shopDomain: session.shop, generationId: params.id ?? "", ...choices });
    // Automatic model selection learns from what merchants approve (idempotent per generation).
    await recordVerdict(ctx.db, ctx.registry, { shopId: generation.shopId, generationId: generation.id, verdict: "approved" });
    return Response.json({ id: generation.id, status: generation.status }, { status: 202 });
  });
}
