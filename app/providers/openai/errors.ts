/** OpenAI SDK errors → ProviderError. The SDK runs with maxRetries 0: retry.ts decides. */
import OpenAI from "openai";
import { parseRetryAfter } from "../retry";
import { ProviderError } from "../types";

const POLICY_CODES = /content_policy|moderation|safety/i;

export function mapOpenAIError(error: unknown): ProviderError {
  const base = { provider: "openai" as const, cause: error };
  if (error instanceof OpenAI.APIConnectionTimeoutError) return new ProviderError("timeout", "OpenAI did not answer in time", base);
  if (error instanceof OpenAI.APIUserAbortError) return new ProviderError("timeout", "OpenAI call aborted", base);
  if (error instanceof OpenAI.APIConnectionError) return new ProviderError("provider_unavailable", `OpenAI could not be reached: ${error.message}`, base);
  if (!(error instanceof OpenAI.APIError) || error.status === undefined) {
    return new ProviderError("unknown", error instanceof Error ? error.message : String(error), base);
  }
  const details = { ...base, status: error.status };
  const code = String(error.code ?? "");
  if (error.status === 429) {
    // Out of quota is not a wait-and-see: the account must be topped up, another provider may serve.
    if (code === "insufficient_quota") return new ProviderError("provider_unavailable", error.message, details);
    const retryAfterMs = Number(error.headers?.get("retry-after-ms")) || parseRetryAfter(error.headers?.get("retry-after"));
    return new ProviderError("rate_limited", error.message, { ...details, retryAfterMs });
  }
  if (error.status >= 500) return new ProviderError("provider_unavailable", error.message, details);
  if (error.status === 401 || error.status === 403) return new ProviderError("provider_unavailable", `OpenAI refused the account: ${error.message}`, details);
  if (POLICY_CODES.test(code) || POLICY_CODES.test(String(error.type ?? ""))) return new ProviderError("content_policy", error.message, details);
  return new ProviderError("invalid_input", error.message, details);
}

/** The error of a video job that ended "failed". */
export function mapVideoFailure(error: { code?: string; message?: string } | null | undefined): ProviderError {
  const message = error?.message ?? "video generation failed";
  if (POLICY_CODES.test(error?.code ?? "")) return new ProviderError("content_policy", message, { provider: "openai" });
  return new ProviderError("unknown", `OpenAI video failed: ${message}`, { provider: "openai" });
}
