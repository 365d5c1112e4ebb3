import { randomBytes } from "node:crypto";
import type { SimRuntime } from "./runtime";
import { verifySessionToken } from "./session-tokens";
import type { SimShop } from "./store";

const TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
const ONLINE_TOKEN = "urn:shopify:params:oauth:token-type:online-access-token";
const ONLINE_LIFETIME_S = 86_399;
const EXPIRING_OFFLINE_LIFETIME_S = 3_600;
const REFRESH_LIFETIME_S = 30 * 86_400;

export interface OAuthResult {
  status: number;
  body: Record<string, unknown>;
}

const failure = (error: string, description: string): OAuthResult => ({ status: 400, body: { error, error_description: description } });

function issue(shop: SimShop, mode: "offline" | "online", userId?: number, lifetimeSeconds?: number): string {
  const token = `${mode === "offline" ? "shpat" : "shpua"}_${randomBytes(16).toString("hex")}`;
  shop.accessTokens.set(token, { mode, userId, expiresAt: lifetimeSeconds ? Date.now() + lifetimeSeconds * 1000 : undefined });
  return token;
}

/**
 * POST /admin/oauth/access_token: token exchange (session token → access token) and refresh of
 * expiring offline tokens, answering like Shopify does.
 */
export function handleAccessTokenRequest(sim: SimRuntime, shop: SimShop, body: Record<string, string | undefined>): OAuthResult {
  const { scopes } = sim;
  if (body.client_id !== sim.apiKey || body.client_secret !== sim.apiSecret) return failure("invalid_client", "Client credentials are invalid");
  if (body.grant_type === "refresh_token") {
    const refresh = shop.accessTokens.get(`refresh:${body.refresh_token}`);
    if (!refresh || (refresh.expiresAt ?? 0) < Date.now()) return failure("invalid_grant", "Refresh token is invalid or expired");
    shop.accessTokens.delete(`refresh:${body.refresh_token}`);
    return { status: 200, body: expiringOfflineGrant(shop, scopes) };
  }
  if (body.grant_type !== TOKEN_EXCHANGE) return failure("unsupported_grant_type", `Unsupported grant type ${body.grant_type}`);
  let userId: number;
  try {
    const claims = verifySessionToken(body.subject_token ?? "", sim);
    if (new URL(claims.dest).hostname !== shop.domain) throw new Error("token is for another shop");
    userId = Number(claims.sub);
  } catch (error) {
    return failure("invalid_subject_token", `Session token is invalid: ${(error as Error).message}`);
  }
  shop.installed = true;
  if (body.requested_token_type === ONLINE_TOKEN) {
    return {
      status: 200,
      body: {
        access_token: issue(shop, "online", userId, ONLINE_LIFETIME_S),
        scope: scopes,
        expires_in: ONLINE_LIFETIME_S,
        associated_user_scope: scopes,
        associated_user: { id: userId, first_name: "Sim", last_name: "Merchant", email: `owner@${shop.domain}`, account_owner: true, locale: "en", collaborator: false, email_verified: true },
      },
    };
  }
  if (body.expiring === "1") return { status: 200, body: expiringOfflineGrant(shop, scopes) };
  return { status: 200, body: { access_token: issue(shop, "offline"), scope: scopes } };
}

function expiringOfflineGrant(shop: SimShop, scopes: string) {
  const refreshToken = `shprt_${randomBytes(16).toString("hex")}`;
  shop.accessTokens.set(`refresh:${refreshToken}`, { mode: "offline", expiresAt: Date.now() + REFRESH_LIFETIME_S * 1000 });
  return {
    access_token: issue(shop, "offline", undefined, EXPIRING_OFFLINE_LIFETIME_S),
    scope: scopes,
    expires_in: EXPIRING_OFFLINE_LIFETIME_S,
    refresh_token: refreshToken,
    refresh_token_expires_in: REFRESH_LIFETIME_S,
  };
}

/** Whether an X-Shopify-Access-Token header is valid for the shop right now. */
export function isValidAccessToken(shop: SimShop, token: string | undefined): boolean {
  if (!token || token.startsWith("refresh:") || !shop.installed) return false;
  const record = shop.accessTokens.get(token);
  return !!record && (record.expiresAt === undefined || record.expiresAt > Date.now());
}
