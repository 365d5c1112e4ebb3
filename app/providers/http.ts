/**
 * A fetch for SDKs that carry their own retry loops, so that retry.ts stays the only retry policy:
 * - `replicate` re-sends 429s (and 5xx on GET) up to five times with no real delay and ignores
 *   Retry-After; it also re-sends when fetch throws (lib/util.js withAutomaticRetries).
 * - `@fal-ai/client` retries queue calls with fixed backoffs of its own that override its config.
 * Failing responses become ProviderErrors here, and a re-send of the same request object is answered
 * from the first failure without touching the network. Transport errors carry no `cause` chain
 * because fal walks it to decide on its own retries.
 */
import { ProviderError, type ProviderName } from "./types";

export type ResponseErrorMapper = (status: number, headers: Headers, body: string) => ProviderError;

export function failFastFetch(provider: ProviderName, mapResponse: ResponseErrorMapper, baseFetch: typeof fetch = fetch): typeof fetch {
  const failures = new WeakMap<object, unknown>();
  return async (input, init) => {
    if (init && failures.has(init)) throw failures.get(init);
    try {
      const response = await baseFetch(input, init);
      if (response.ok) return response;
      throw mapResponse(response.status, response.headers, await response.text().catch(() => ""));
    } catch (error) {
      const failure = error instanceof ProviderError || isAbort(error) ? error : transportError(provider, error);
      if (init) failures.set(init, failure);
      throw failure;
    }
  };
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError");
}

function transportError(provider: ProviderName, error: unknown): ProviderError {
  const cause = error instanceof Error ? (error.cause as { code?: string } | undefined) : undefined;
  const what = cause?.code ?? (error instanceof Error ? error.message : String(error));
  return new ProviderError("provider_unavailable", `${provider} could not be reached (${what})`, { provider });
}
