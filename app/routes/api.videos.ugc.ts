/**
 * GET  /api/videos/ugc — what a presenter video can be (lengths, voices), what it costs and the balance.
 * POST /api/videos/ugc { productId, lengthSeconds, voice } — draft a presenter video's script from
 * product intelligence. Nothing is reserved or charged; the answer carries the script, the credits
 * the whole render needs and the shop's balance.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { handleApi, readJson } from "../api.server";
import { adminGraphqlFor } from "../shopify/admin-client.server";
import { getBalance } from "../billing/ledger.server";
import { SCRIPT_LENGTHS } from "../intelligence/ugc-script.server";
import { ugcQuote } from "../video/ugc-quote";
import { draftUgcScript } from "../video/ugc-scripts.server";

const draftSchema = z.object({
  productId: z.string().min(1).max(100),
  lengthSeconds: z.number().int(),
  voice: z.string().min(1).max(40),
});

export async function loader({ request }: LoaderFunctionArgs) {
  return handleApi(request, async ({ ctx, shop }) => ({
    lengths: SCRIPT_LENGTHS,
    voices: ctx.registry.config.speech[0]?.voices ?? [],
    quote: ugcQuote(ctx.registry),
    balance: await getBalance(ctx.db, shop.id),
  }));
}

export async function action({ request }: ActionFunctionArgs) {
  return handleApi(request, async ({ ctx, session }) => {
    if (request.method !== "POST") return Response.json({ error: { code: "method_not_allowed", message: "Use POST." } }, { status: 405 });
    const body = await readJson(request, draftSchema);
    const admin = adminGraphqlFor(ctx, session.shop, session.accessToken ?? "");
    const video = await draftUgcScript(ctx, admin, { shopDomain: session.shop, ...body }, request.signal);
    return Response.json(video, { status: 201 });
  });
}
