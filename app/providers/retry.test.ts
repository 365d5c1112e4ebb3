import { describe, expect, it } from "vitest";
import { parseRetryAfter, withRetry } from "./retry";
import { ProviderError } from "./types";

const policy = { attempts: 4, baseDelayMs: 40, maxDelayMs: 1_000, timeoutMs: 1_000 };
const context = { provider: "fal" as const, mapError: (e: unknown) => new ProviderError("unknown", String(e)) };

describe("withRetry", () => {
  it("retries retryable errors with jittered exponential backoff, never above the cap", async () => {
    const times: number[] = [];
    const result = await withRetry(
      async () => {
        times.push(Date.now());
        if (times.length < 3) throw new ProviderError("provider_unavailable", "503");
        return "ok";
      },
      { ...policy, maxDelayMs: 60 },
      { ...context, random: () => 1 },
    );
    expect(result).toBe("ok");
    expect(times[1] - times[0]).toBeGreaterThanOrEqual(38); // 40 * 2^0 * 1
    expect(times[2] - times[1]).toBeGreaterThanOrEqual(58); // min(60, 80)
    expect(times[2] - times[1]).toBeLessThan(200);
  });

  it("waits at least Retry-After even when the jitter draws zero", async () => {
    let calls = 0;
    const before = Date.now();
    await withRetry(
      async () => {
        if (calls++ === 0) throw new ProviderError("rate_limited", "429", { retryAfterMs: 300 });
      },
      policy,
      { ...context, random: () => 0 },
    );
    expect(Date.now() - before).toBeGreaterThanOrEqual(295);
  });

  it("does not retry what retrying cannot fix", async () => {
    let calls = 0;
    const error = await withRetry(
      async () => {
        calls++;
        throw new ProviderError("content_policy", "refused");
      },
      policy,
      context,
    ).catch((e: ProviderError) => e);
    expect(error.code).toBe("content_policy");
    expect(calls).toBe(1);
  });

  it("turns a slow attempt into timeout and a caller abort into cancelled", async () => {
    const slow = (signal: AbortSignal) => new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason)));
    const timeout = await withRetry(slow, { ...policy, attempts: 2, timeoutMs: 50 }, context).catch((e: ProviderError) => e);
    expect(timeout).toMatchObject({ code: "timeout", isRetryable: true });

    const controller = new AbortController();
    setTimeout(() => controller.abort("shutdown"), 30);
    const cancelled = await withRetry(slow, policy, { ...context, signal: controller.signal }).catch((e: ProviderError) => e);
    expect(cancelled).toMatchObject({ code: "cancelled", isRetryable: false });
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    expect(parseRetryAfter("2")).toBe(2_000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(parseRetryAfter("soon")).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});
