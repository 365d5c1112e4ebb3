/**
 * The OAuth `state` parameter for connecting TikTok/YouTube from an embedded app. The callback is a
 * top-level page with no Shopify session, so the state itself says which shop started the flow:
 * a payload (shop, platform, nonce, expiry) signed with HMAC-SHA256 under a key derived from
 * PUBLISHING_TOKEN_KEY. A forged or altered state fails the signature; a replayed one fails the
 * single-use check the callback does on the nonce (Redis SET NX).
 *
 * The PKCE code verifier is derived from the same key and the nonce, so it never travels through
 * the browser and needs no storage between the two requests.
 */
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import type { SocialPlatform } from "@prisma/client";

/** How long the merchant has to finish consent on the platform. */
export const STATE_TTL_MS = 15 * 60_000;

export interface StatePayload {
  shop: string;
  platform: SocialPlatform;
  nonce: string;
  expiresAt: number;
}

export class OAuthStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OAuthStateError";
  }
}

function subKey(key: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync("sha256", key, Buffer.alloc(0), `glint ${purpose}`, 32));
}

const sign = (key: Buffer, payload: string) => createHmac("sha256", subKey(key, "oauth state")).update(payload).digest("base64url");

export function codeVerifierFor(key: Buffer, nonce: string): string {
  return createHmac("sha256", subKey(key, "pkce verifier")).update(nonce).digest("base64url");
}

export function createOAuthState(key: Buffer, input: { shop: string; platform: SocialPlatform }, now = Date.now()): { state: string; codeVerifier: string } {
  const payload: StatePayload = { shop: input.shop, platform: input.platform, nonce: randomBytes(16).toString("base64url"), expiresAt: now + STATE_TTL_MS };
  const encoded = Buffer.from(JSON.stringify(payload)).toString("base64url");
  return { state: `${encoded}.${sign(key, encoded)}`, codeVerifier: codeVerifierFor(key, payload.nonce) };
}

/** The payload of a state this app signed for this platform and that has not expired; throws otherwise. */
export function verifyOAuthState(key: Buffer, state: string, platform: SocialPlatform, now = Date.now()): StatePayload & { codeVerifier: string } {
  const [encoded, signature] = state.split(".");
  if (!encoded || !signature) throw new OAuthStateError("malformed state");
  const expected = Buffer.from(sign(key, encoded));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new OAuthStateError("state signature does not match");
  const payload = JSON.parse(Buffer.from(encoded, "base64url").toString("utf8")) as StatePayload;
  if (payload.platform !== platform) throw new OAuthStateError("state was issued for another platform");
  if (payload.expiresAt < now) throw new OAuthStateError("state has expired");
  return { ...payload, codeVerifier: codeVerifierFor(key, payload.nonce) };
}
