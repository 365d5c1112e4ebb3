/**
 * GET /channels/:platform/callback?code&state — where TikTok or Google sends the merchant back
 * after consent. A top-level page outside the admin iframe, so there is no Shopify session: the
 * signed, single-use state names the shop. Success goes back to the Channels page inside the Shopify
 * admin (which embeds the app again); a refusal is a short page saying what happened.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { appContext } from "../app-context.server";
import { completeConnect, ConnectError } from "../publishing/accounts.server";
import { SOCIAL_PLATFORMS } from "../publishing/clients.server";
import { PLATFORM_NAMES } from "../publishing/errors";

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(status: number, title: string, message: string, backUrl: string | null): Response {
  const back = backUrl ? `<p><a href="${escapeHtml(backUrl)}">Back to Glint</a></p>` : "";
  return new Response(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body style="font-family:system-ui,sans-serif;max-width:480px;margin:64px auto"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>${back}</body></html>`,
    { status, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", "referrer-policy": "no-referrer" } },
  );
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const platform = SOCIAL_PLATFORMS.find((p) => p === params.platform);
  if (!platform) return page(404, "Not found", "This page does not exist.", null);
  const ctx = appContext();
  const url = new URL(request.url);
  // Back into the admin, which embeds the app at this path (the store simulator's admin in demo and tests).
  const admin = ctx.env.SHOPIFY_SIM_URL ? `${ctx.env.SHOPIFY_SIM_URL.replace(/\/$/, "")}/admin` : "https://admin.shopify.com";
  const channelsUrl = (shop: string, outcome: string) => `${admin}/store/${shop.replace(/\.myshopify\.com$/, "")}/apps/${ctx.env.SHOPIFY_API_KEY}/app/channels${outcome ? `?${outcome}` : ""}`;
  try {
    const { shop } = await completeConnect(ctx, {
      platform,
      state: url.searchParams.get("state"),
      code: url.searchParams.get("code"),
      error: url.searchParams.get("error"),
    });
    return redirect(channelsUrl(shop, `connected=${platform}`));
  } catch (error) {
    if (!(error instanceof ConnectError)) throw error;
    return page(400, `${PLATFORM_NAMES[platform]} was not connected`, error.message, error.shop ? channelsUrl(error.shop, "") : null);
  }
}
