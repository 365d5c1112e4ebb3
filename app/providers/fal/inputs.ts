/**
 * fal request shapes. A modelRef is the fal endpoint id ("fal-ai/flux-pro/kontext"); the queue
 * client derives the status/result paths from its owner/alias itself.
 */
import { withoutUndefined } from "../input-record";
import type { StartRequest } from "../types";

export interface FalSubmitOptions {
  input: Record<string, unknown>;
  webhookUrl?: string;
}

export function submitRequest(request: StartRequest): FalSubmitOptions {
  return { input: withoutUndefined(request.input), ...(request.webhookUrl ? { webhookUrl: request.webhookUrl } : {}) };
}

/** Every file URL in a fal result: `images[]`, `image`, `video`, … each `{ url }`. */
export function resultUrls(data: unknown): string[] {
  if (!data || typeof data !== "object") return [];
  if (Array.isArray(data)) return data.flatMap(resultUrls);
  const record = data as Record<string, unknown>;
  if (typeof record.url === "string") return [record.url];
  return Object.values(record).flatMap(resultUrls);
}
