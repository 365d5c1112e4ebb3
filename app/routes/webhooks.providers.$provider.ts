/** Provider callbacks (Replicate, fal, OpenAI): verified and applied by the engine. */
import type { ActionFunctionArgs } from "@remix-run/node";
import { appContext } from "../app-context.server";
import { handleProviderWebhook } from "../engine/webhooks.server";

export async function action({ request, params }: ActionFunctionArgs) {
  return handleProviderWebhook(appContext(), params.provider ?? "", request);
}
