/** One HTTP call to TikTok or YouTube: a timeout on every call, and network failures normalised. */
import type { SocialPlatform } from "@prisma/client";
import { PLATFORM_NAMES, PublishingError } from "./errors";

export interface CallOptions {
  timeoutMs: number;
  /** The job's abort signal (worker shutdown); a shutdown abort is rethrown as is. */
  signal?: AbortSignal;
}

export async function platformFetch(platform: SocialPlatform, url: string, init: RequestInit, options: CallOptions): Promise<Response> {
  const signals = [AbortSignal.timeout(options.timeoutMs), ...(options.signal ? [options.signal] : [])];
  try {
    return await fetch(url, { ...init, redirect: "manual", signal: AbortSignal.any(signals) });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new PublishingError(
      platform,
      "platform_unavailable",
      `${PLATFORM_NAMES[platform]} did not answer in time. Glint will try again.`,
      error instanceof Error ? error.name : undefined,
    );
  }
}

/** The JSON body of a response, or undefined when it is not JSON (an HTML error page from a proxy). */
export async function jsonBody<T>(response: Response): Promise<T | undefined> {
  return parseJson<T>(await response.text());
}

export function parseJson<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}
