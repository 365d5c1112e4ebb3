/** Content-addressed object keys, and the check that keeps any key inside its store. */
import { StorageError, type StoredKind } from "./types";

const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

export function objectKey(shopId: string, kind: StoredKind, sha256: string, ext: string): string {
  return assertKey(`shops/${shopId}/${kind}/${sha256}.${ext.toLowerCase()}`);
}

export function shopPrefix(shopId: string): string {
  return assertKey(`shops/${shopId}`) + "/";
}

/** Rejects empty segments, "..", absolute paths and odd characters: keys become file paths. */
export function assertKey(key: string): string {
  const segments = key.replace(/\/$/, "").split("/");
  if (!segments.length || segments.some((s) => !SEGMENT.test(s) || s === "." || s === "..")) {
    throw new StorageError("invalid_key", `Invalid storage key "${key}"`);
  }
  return key;
}
