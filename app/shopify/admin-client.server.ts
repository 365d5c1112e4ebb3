/**
 * Admin API access without a request (workers, webhooks jobs): the shop's stored offline session
 * gives the token, the Redis cost bucket is shared by every process, and in demo/test mode the
 * traffic goes to the store simulator.
 */
import type { AppContext } from "../context.server";
import { CostBucket } from "./cost-bucket.server";
import { ShopifyApiError } from "./errors";
import { ShopifyGraphqlClient, type AdminGraphql } from "./graphql-client.server";
import { simRoutedFetch } from "./sim-routing.server";

/** Kept equal to ApiVersion.October26 in shopify.server.ts, without importing that module (it reads env at import). */
export const ADMIN_API_VERSION = "2026-10";

export function offlineSessionId(shop: string): string {
  return `offline_${shop}`;
}

export function adminGraphqlFor(
  ctx: Pick<AppContext, "env" | "redis" | "log">,
  shop: string,
  accessToken: string,
): AdminGraphql {
  return new ShopifyGraphqlClient({
    shop,
    accessToken,
    apiVersion: ADMIN_API_VERSION,
    bucket: CostBucket.forShop(ctx.redis, ctx.env.REDIS_PREFIX, shop),
    log: ctx.log,
    fetch: ctx.env.SHOPIFY_SIM_URL ? simRoutedFetch(ctx.env.SHOPIFY_SIM_URL) : fetch,
  });
}

/** The client for a shop's offline session; `no_session` when the shop never installed or uninstalled. */
export async function offlineAdminGraphql(
  ctx: Pick<AppContext, "env" | "redis" | "log" | "db">,
  shop: string,
): Promise<AdminGraphql> {
  const session =
    (await ctx.db.session.findUnique({ where: { id: offlineSessionId(shop) } })) ??
    (await ctx.db.session.findFirst({ where: { shop, isOnline: false } }));
  if (!session?.accessToken) throw new ShopifyApiError("no_session", `No offline session stored for ${shop}`, false);
  return adminGraphqlFor(ctx, shop, session.accessToken);
}
