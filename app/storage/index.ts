/** Picks the storage driver from configuration. */
import type { Env } from "../env.server";
import { createGcsStorage } from "./gcs";
import { createLocalStorage } from "./local";
import type { Storage } from "./types";

export type { Storage, StoredObject, PutObjectInput, StoredKind } from "./types";
export { StorageError } from "./types";
export { verifyAssetSignature } from "./signed-url";
export { shopPrefix } from "./keys";

export function createStorage(env: Env): Storage {
  if (env.STORAGE_DRIVER === "gcs") {
    return createGcsStorage({ bucket: env.GCS_BUCKET!, projectId: env.GCS_PROJECT_ID, apiEndpoint: env.GCS_API_ENDPOINT });
  }
  return createLocalStorage({ dir: env.STORAGE_DIR, appUrl: env.SHOPIFY_APP_URL, signingSecret: env.SHOPIFY_API_SECRET });
}
