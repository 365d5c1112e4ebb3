/**
 * Signed app URLs for locally stored media: `/assets/{key}?exp=…&sig=…`. The signature is an
 * HMAC over key and expiry, so a URL shown to one merchant cannot be edited into another shop's
 * key or kept forever. The route that serves /assets verifies with `verifyAssetSignature`.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

function sign(key: string, expiresAt: number, secret: string): string {
  return createHmac("sha256", secret).update(`${key}\n${expiresAt}`).digest("base64url");
}

export function signedAssetUrl(appUrl: string, key: string, secret: string, expiresInSeconds: number, now = Date.now()): string {
  const expiresAt = Math.floor(now / 1000) + expiresInSeconds;
  const url = new URL(`/assets/${key}`, appUrl);
  url.searchParams.set("exp", String(expiresAt));
  url.searchParams.set("sig", sign(key, expiresAt, secret));
  return url.toString();
}

/** True when the signature matches the key and the URL has not expired. */
export function verifyAssetSignature(
  key: string,
  params: { exp: string | null; sig: string | null },
  secret: string,
  now = Date.now(),
): boolean {
  if (!params.exp || !params.sig || !/^\d+$/.test(params.exp)) return false;
  const expiresAt = Number(params.exp);
  if (expiresAt * 1000 < now) return false;
  const expected = Buffer.from(sign(key, expiresAt, secret));
  const given = Buffer.from(params.sig);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
