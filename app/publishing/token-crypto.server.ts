/**
 * OAuth tokens at rest: AES-256-GCM with a random 96-bit IV per value and the row's identity
 * (shop + platform) as additional authenticated data, so a ciphertext copied onto another shop's
 * row does not decrypt. Stored as "v1.<iv>.<tag>.<ciphertext>" (base64url) so the key or scheme
 * can be rotated later by version.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const VERSION = "v1";

export interface TokenBinding {
  shopId: string;
  platform: string;
}

const aad = (binding: TokenBinding) => Buffer.from(`glint-token:${binding.shopId}:${binding.platform}`);

export function encryptToken(key: Buffer, plaintext: string, binding: TokenBinding): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(aad(binding));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ciphertext.toString("base64url")].join(".");
}

/** Throws when the value was tampered with, bound to another row, or sealed with another key. */
export function decryptToken(key: Buffer, sealed: string, binding: TokenBinding): string {
  const [version, iv, tag, ciphertext] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new Error("unrecognised token ciphertext");
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  decipher.setAAD(aad(binding));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
}
