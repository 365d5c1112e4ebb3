/**
 * GET   /api/videos/ugc/:id — a presenter video: state (script_draft, script_approved, rendering,
 *       ready_for_review, …), rendering stage, script, word budget, credits needed and balance.
 * PATCH /api/videos/ugc/:id { hook, benefits, callToAction, voice? } — edit a draft script
 *       (409 once it was approved).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { handleApi, readJson } from "../api.server";
import { editUgcScript, getUgcVideo } from "../video/ugc-scripts.server";

const line = z.string().max(300, "Keep each line under 300 characters");
const editSchema = z.object({
  hook: line,
  benefits: z.array(line).max(3, "Give at most 3 benefits"),
  callToAction: line,
  voice: z.string().min(1).max(40).optional(),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handleApi(request, ({ ctx, session }) => getUgcVideo(ctx, { shopDomain: session.shop, scriptId: params.id ?? "" }));
}

export async function action({ request, params }: ActionFunctionArgs) {
  return handleApi(request, async ({ ctx, session }) => {
    if (request.method !== "PATCH") return Response.json({ error: { code: "method_not_allowed", message: "Use PATCH." } }, { status: 405 });
    const { voice, ...script } = await readJson(request, editSchema);
    return editUgcScript(ctx, { shopDomain: session.shop, scriptId: params.id ?? "", script, voice });
  });
}
