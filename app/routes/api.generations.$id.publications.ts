/**
 * GET  /api/generations/:id/publications — the publish dialog's data: each platform's connection,
 *      this video's publications (status, public URL, reason for a failure) and prefilled text.
 * POST /api/generations/:id/publications { platforms, title, description?, hashtags?, productUrl? }
 *      — queues the video for each platform; per platform the publication or the reason it was refused.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { handleApi, notFound, readJson } from "../api.server";
import { isUserFacingError } from "../errors";
import { channelViews, publicationView, publicationViews, publishDefaults } from "../publishing/overview.server";
import { requestPublication } from "../publishing/publications.server";

const publishSchema = z.object({
  platforms: z.array(z.enum(["tiktok", "youtube"])).min(1, "Choose TikTok, YouTube or both").max(2),
  title: z.string().max(2200, "The caption can be at most 2200 characters"),
  description: z.string().max(4000, "The description can be at most 4000 characters").optional(),
  hashtags: z.string().max(500).optional(),
  productUrl: z.string().max(2000).optional(),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handleApi(request, async ({ ctx, shop }) => {
    const defaults = await publishDefaults(ctx.db, shop, params.id ?? "");
    if (!defaults) throw notFound("That video");
    return { channels: await channelViews(ctx, shop.id), publications: await publicationViews(ctx.db, shop.id, [params.id ?? ""]), defaults };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  return handleApi(request, async ({ ctx, shop }) => {
    const body = await readJson(request, publishSchema);
    const results = [];
    for (const platform of body.platforms) {
      try {
        const publication = await requestPublication(ctx, { shopId: shop.id, shop: shop.domain, generationId: params.id ?? "", platform, ...body });
        results.push({ platform, publication: publicationView(publication), error: null });
      } catch (error) {
        if (!isUserFacingError(error)) throw error;
        results.push({ platform, publication: null, error: { code: error.code, message: error.message } });
      }
    }
    return Response.json({ results }, { status: results.some((r) => r.publication) ? 202 : 409 });
  });
}
