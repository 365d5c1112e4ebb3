/**
 * Connected TikTok/YouTube accounts: connect (OAuth from the embedded app, callback outside it),
 * disconnect, and access tokens for the publish jobs: refreshed shortly before they expire, and
 * once more when the platform refuses one; a refused refresh marks the account needs_reconnect,
 * which the Channels page and the product page show as a "Reconnect" prompt.
 */
import type { SocialAccount, SocialPlatform } from "@prisma/client";
import type { Redis } from "ioredis";
import type { Db } from "../db.server";
import type { Env } from "../env.server";
import type { Logger } from "../logger.server";
import { oauthRedirectUri, platformClient, tokenKey } from "./clients.server";
import { PLATFORM_NAMES, PublishingError, isPublishingError, reconnectError } from "./errors";
import { createOAuthState, OAuthStateError, STATE_TTL_MS, verifyOAuthState } from "./oauth-state.server";
import type { TokenSet } from "./platform";
import { decryptToken, encryptToken } from "./token-crypto.server";

export interface AccountsContext {
  env: Env;
  db: Db;
  redis: Redis;
  log: Logger;
}

/** Refresh this long before the access token expires, so an upload never starts on a dying token. */
const REFRESH_MARGIN_MS = 5 * 60_000;

/** The platform's consent page for this shop (opened top-level: TikTok and Google refuse to be framed). */
export function connectUrl(env: Env, input: { shop: string; platform: SocialPlatform }): string {
  const { state, codeVerifier } = createOAuthState(tokenKey(env), input);
  return platformClient(env, input.platform).authorizeUrl({ state, codeVerifier, redirectUri: oauthRedirectUri(env, input.platform) });
}

/** A connect that cannot finish; `message` is for the merchant. */
export class ConnectError extends Error {
  constructor(
    message: string,
    readonly shop?: string,
  ) {
    super(message);
    this.name = "ConnectError";
  }
}

/**
 * The callback: checks the state (signature, platform, expiry, single use), trades the code for
 * tokens, reads the account's profile and stores it with its tokens encrypted.
 */
export async function completeConnect(
  ctx: AccountsContext,
  input: { platform: SocialPlatform; state: string | null; code: string | null; error: string | null },
): Promise<{ shop: string; account: SocialAccount }> {
  const name = PLATFORM_NAMES[input.platform];
  const key = tokenKey(ctx.env);
  let payload: ReturnType<typeof verifyOAuthState>;
  try {
    payload = verifyOAuthState(key, input.state ?? "", input.platform);
  } catch (error) {
    if (!(error instanceof OAuthStateError) && !(error instanceof SyntaxError)) throw error;
    ctx.log.warn({ platform: input.platform, reason: error.message }, "oauth callback with a bad state");
    throw new ConnectError(`This ${name} connection link is not valid or has expired. Start again from Channels in Glint.`);
  }
  const fresh = await ctx.redis.set(`${ctx.env.REDIS_PREFIX}:oauth-state:${payload.nonce}`, "1", "PX", STATE_TTL_MS, "NX");
  if (fresh !== "OK") throw new ConnectError(`This ${name} connection link was already used. Start again from Channels in Glint.`, payload.shop);
  if (input.error || !input.code) throw new ConnectError(`${name} was not connected: access was not granted.`, payload.shop);

  const shop = await ctx.db.shop.findUnique({ where: { domain: payload.shop } });
  if (!shop) throw new ConnectError("Open Glint from your Shopify admin first.");
  const client = platformClient(ctx.env, input.platform);
  try {
    const tokens = await client.exchangeCode({ code: input.code, codeVerifier: payload.codeVerifier, redirectUri: oauthRedirectUri(ctx.env, input.platform) });
    const profile = await client.profile(tokens.accessToken);
    const binding = { shopId: shop.id, platform: input.platform };
    const sealed = sealTokens(key, binding, tokens);
    const fields = { externalId: profile.externalId, displayName: profile.displayName, handle: profile.handle ?? null, scopes: tokens.scope, status: "connected" as const, statusReason: null, ...sealed };
    const account = await ctx.db.socialAccount.upsert({
      where: { shopId_platform: { shopId: shop.id, platform: input.platform } },
      create: { shopId: shop.id, platform: input.platform, ...fields },
      update: { ...fields, connectedAt: new Date() },
    });
    ctx.log.info({ shop: shop.domain, platform: input.platform }, "social account connected");
    return { shop: shop.domain, account };
  } catch (error) {
    if (!isPublishingError(error)) throw error;
    throw new ConnectError(error.code === "reconnect_required" ? `${name} did not accept the connection. Try connecting again.` : error.message, payload.shop);
  }
}

function sealTokens(key: Buffer, binding: { shopId: string; platform: SocialPlatform }, tokens: TokenSet) {
  const now = Date.now();
  return {
    accessTokenEnc: encryptToken(key, tokens.accessToken, binding),
    accessExpiresAt: new Date(now + tokens.expiresInSeconds * 1000),
    ...(tokens.refreshToken ? { refreshTokenEnc: encryptToken(key, tokens.refreshToken, binding) } : {}),
    ...(tokens.refreshExpiresInSeconds ? { refreshExpiresAt: new Date(now + tokens.refreshExpiresInSeconds * 1000) } : {}),
  };
}

export async function markNeedsReconnect(ctx: AccountsContext, account: SocialAccount, reason: string): Promise<void> {
  await ctx.db.socialAccount.update({
    where: { id: account.id },
    data: { status: "needs_reconnect", statusReason: reason, accessTokenEnc: null, refreshTokenEnc: null, accessExpiresAt: null },
  });
  ctx.log.warn({ shopId: account.shopId, platform: account.platform, reason }, "social account needs reconnecting");
}

/** Forgets the tokens (and asks the platform to revoke them, best effort). Publication history stays. */
export async function disconnectAccount(ctx: AccountsContext, shopId: string, platform: SocialPlatform): Promise<void> {
  const account = await ctx.db.socialAccount.findUnique({ where: { shopId_platform: { shopId, platform } } });
  if (!account) return;
  const sealed = account.refreshTokenEnc ?? account.accessTokenEnc;
  if (sealed) {
    try {
      await platformClient(ctx.env, platform).revoke(decryptToken(tokenKey(ctx.env), sealed, { shopId, platform }));
    } catch (error) {
      ctx.log.warn({ shopId, platform, err: error instanceof Error ? error.message : String(error) }, "token revocation failed; tokens forgotten anyway");
    }
  }
  await ctx.db.socialAccount.update({
    where: { id: account.id },
    data: { status: "disconnected", statusReason: null, accessTokenEnc: null, refreshTokenEnc: null, accessExpiresAt: null, refreshExpiresAt: null },
  });
}

/** app/uninstalled: the shop's TikTok/YouTube tokens are forgotten at once (the rows go with shop/redact). */
export async function forgetShopTokens(db: Db, shopDomain: string): Promise<number> {
  const { count } = await db.socialAccount.updateMany({
    where: { shop: { domain: shopDomain }, status: { not: "disconnected" } },
    data: { status: "disconnected", statusReason: null, accessTokenEnc: null, refreshTokenEnc: null, accessExpiresAt: null, refreshExpiresAt: null },
  });
  return count;
}

/**
 * Runs `call` with a live access token: refreshed first when it is about to expire, and refreshed
 * once more if the platform refuses it anyway. A refresh the platform refuses means the merchant
 * revoked access: the account is marked needs_reconnect and a reconnect error is thrown.
 */
export async function withAccessToken<T>(ctx: AccountsContext, accountId: string, call: (accessToken: string, account: SocialAccount) => Promise<T>): Promise<T> {
  const account = await ctx.db.socialAccount.findUniqueOrThrow({ where: { id: accountId } });
  if (account.status !== "connected" || !account.accessTokenEnc) throw reconnectError(account.platform, account.status);
  const expiring = !account.accessExpiresAt || account.accessExpiresAt.getTime() - Date.now() < REFRESH_MARGIN_MS;
  let token = expiring ? await refreshAccount(ctx, account) : await openToken(ctx, account, account.accessTokenEnc);
  try {
    return await call(token, account);
  } catch (error) {
    if (!(error instanceof PublishingError) || error.code !== "auth_expired") throw error;
    ctx.log.info({ shopId: account.shopId, platform: account.platform }, "access token refused; refreshing once");
    const current = await ctx.db.socialAccount.findUniqueOrThrow({ where: { id: accountId } });
    token = await refreshAccount(ctx, current);
    try {
      return await call(token, current);
    } catch (retryError) {
      if (!(retryError instanceof PublishingError) || retryError.code !== "auth_expired") throw retryError;
      await markNeedsReconnect(ctx, current, `${PLATFORM_NAMES[account.platform]} refused a freshly refreshed token.`);
      throw reconnectError(account.platform, retryError.platformCode);
    }
  }
}

/**
 * A stored token in plaintext. One that no longer decrypts (PUBLISHING_TOKEN_KEY changed, or the
 * row was tampered with) is as good as revoked: the account needs reconnecting.
 */
async function openToken(ctx: AccountsContext, account: SocialAccount, sealed: string): Promise<string> {
  try {
    return decryptToken(tokenKey(ctx.env), sealed, { shopId: account.shopId, platform: account.platform });
  } catch {
    await markNeedsReconnect(ctx, account, "The stored token could not be decrypted (the encryption key changed).");
    throw reconnectError(account.platform, "undecryptable_token");
  }
}

async function refreshAccount(ctx: AccountsContext, account: SocialAccount): Promise<string> {
  const key = tokenKey(ctx.env);
  const binding = { shopId: account.shopId, platform: account.platform };
  if (!account.refreshTokenEnc) {
    await markNeedsReconnect(ctx, account, "No refresh token was stored.");
    throw reconnectError(account.platform);
  }
  const refreshToken = await openToken(ctx, account, account.refreshTokenEnc);
  try {
    const tokens = await platformClient(ctx.env, account.platform).refresh(refreshToken);
    await ctx.db.socialAccount.update({ where: { id: account.id }, data: sealTokens(key, binding, tokens) });
    return tokens.accessToken;
  } catch (error) {
    if (!(error instanceof PublishingError) || !error.needsReconnect) throw error;
    // TikTok rotates refresh tokens: another job may have refreshed first, spending ours. Its
    // tokens are then in the row, and the account is fine.
    const latest = await ctx.db.socialAccount.findUniqueOrThrow({ where: { id: account.id } });
    if (latest.status === "connected" && latest.refreshTokenEnc && latest.refreshTokenEnc !== account.refreshTokenEnc && latest.accessTokenEnc) {
      return decryptToken(key, latest.accessTokenEnc, binding);
    }
    await markNeedsReconnect(ctx, latest, `${PLATFORM_NAMES[account.platform]} refused the refresh token (access revoked or expired).`);
    throw error;
  }
}
