/**
 * POST /api/videos/ugc/:id/approve — approve the script and render it: the quoted credits are
 * reserved now (402 when the balance is short; the script stays an editable draft) and the video
 * is made in the worker (voice, avatar, compose) and lands in review. Approving twice is one video.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { handleApi } from "../api.server";
import { approveUgcScript } from "../video/ugc-scripts.server";

export async function action({ request, params }: ActionFunctionArgs) {
  return handleApi(request, async ({ ctx, session }) => {
    if (request.method !== "POST") return Response.json({ error: { code: "method_not_allowed", message: "Use POST." } }, { status: 405 });
    return Response.json(await approveUgcScript(ctx, { shopDomain: session.shop, scriptId: params.id ?? "" }), { status: 202 });
  });
}
