/**
 * The one retry policy of every provider call: exponential backoff with full jitter, at least the
 * provider's Retry-After, only for retryable ProviderErrors, and a per-attempt timeout combined
 * with the caller's signal. A caller abort (worker shutdown, merchant cancel) ends the loop with
 * "cancelled"; an attempt that runs out of time is a "timeout" (retryable).
 */
import { ProviderError, isProviderError, type ProviderName } from "./types";

export interface RetryPolicy {
  /** Total attempts, including the first. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Per attempt. */
  timeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 4, baseDelayMs: 500, maxDelayMs: 20_000, timeoutMs: 30_000 };

export interface RetryContext {
  provider: ProviderName;
  /** Maps whatever the SDK threw into the taxonomy. */
  mapError(error: unknown): ProviderError;
  signal?: AbortSignal;
  /** Narrows retries further, e.g. a start without idempotency key must not retry an ambiguous timeout. */
  retryIf?(error: ProviderError): boolean;
  /** Injected in tests to make the jitter predictable. */
  random?: () => number;
}

export async function withRetry<T>(call: (signal: AbortSignal) => Promise<T>, policy: RetryPolicy, context: RetryContext): Promise<T> {
  const random = context.random ?? Math.random;
  for (let attempt = 0; ; attempt++) {
    throwIfCancelled(context);
    const attemptTimeout = AbortSignal.timeout(policy.timeoutMs);
    const signal = context.signal ? AbortSignal.any([context.signal, attemptTimeout]) : attemptTimeout;
    let error: ProviderError;
    try {
      return await call(signal);
    } catch (thrown) {
      throwIfCancelled(context);
      error = attemptTimeout.aborted
        ? new ProviderError("timeout", `no answer within ${policy.timeoutMs} ms`, { provider: context.provider, cause: thrown })
        : isProviderError(thrown)
          ? thrown
          : context.mapError(thrown);
    }
    if (!error.isRetryable || context.retryIf?.(error) === false || attempt + 1 >= policy.attempts) throw error;
    const backoff = random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
    await sleep(Math.max(backoff, error.details.retryAfterMs ?? 0), context.signal);
  }
}

function throwIfCancelled(context: RetryContext): void {
  if (context.signal?.aborted) {
    throw new ProviderError("cancelled", "the caller cancelled the provider call", { provider: context.provider, cause: context.signal.reason });
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
  });
}

/** Milliseconds from a Retry-After header (seconds or an HTTP date); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
