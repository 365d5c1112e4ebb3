/**
 * Serves locally stored media to the merchant's browser (the local storage driver's URLs).
 * Access is by signed, expiring URL only: the key and expiry are HMAC-signed with the app secret,
 * so no session is needed for <img> tags and no one can guess or edit their way to another key.
 */
import { Readable } from "node:stream";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { appContext } from "../app-context.server";
import { createStorage, StorageError, verifyAssetSignature, type Storage } from "../storage";

const CONTENT_TYPES: Record<string, string> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  webp: "image/webp",
  gif: "image/gif",
  mp4: "video/mp4",
  webm: "video/webm",
};

let storage: Storage | undefined;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { env } = appContext();
  const key = params["*"] ?? "";
  const url = new URL(request.url);
  if (!verifyAssetSignature(key, { exp: url.searchParams.get("exp"), sig: url.searchParams.get("sig") }, env.SHOPIFY_API_SECRET)) {
    return new Response("This link has expired or is not valid.", { status: 403 });
  }
  storage ??= createStorage(env);
  try {
    const body = await storage.get(key);
    const ext = key.split(".").pop()?.toLowerCase() ?? "";
    return new Response(Readable.toWeb(body) as ReadableStream, {
      headers: {
        "Content-Type": CONTENT_TYPES[ext] ?? "application/octet-stream",
        // Content-addressed: the bytes behind a key never change.
        "Cache-Control": "private, max-age=3600, immutable",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (error) {
    if (error instanceof StorageError) return new Response("Not found.", { status: 404 });
    throw error;
  }
}
