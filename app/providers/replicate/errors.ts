/** Replicate failures → ProviderError. Replicate answers errors as problem+json ({ title, detail, status }). */
import { parseRetryAfter } from "../retry";
import { ProviderError } from "../types";

const SAFETY = /nsfw|safety|content policy|flagged|sensitive/i;

export function mapReplicateResponse(status: number, headers: Headers, body: string): ProviderError {
  const detail = readDetail(body);
  const details = { provider: "replicate" as const, status };
  if (status === 429) {
    return new ProviderError("rate_limited", `Replicate throttled the request: ${detail}`, {
      ...details,
      retryAfterMs: parseRetryAfter(headers.get("retry-after")),
    });
  }
  if (status >= 500) return new ProviderError("provider_unavailable", `Replicate error ${status}: ${detail}`, details);
  // Bad token or no credit: this provider cannot serve anyone right now, another one may.
  if (status === 401 || status === 402 || status === 403) {
    return new ProviderError("provider_unavailable", `Replicate refused the account (${status}): ${detail}`, details);
  }
  if (SAFETY.test(detail)) return new ProviderError("content_policy", detail, details);
  return new ProviderError("invalid_input", `Replicate rejected the request (${status}): ${detail}`, details);
}

/** The error of a prediction that ended "failed". */
export function mapPredictionFailure(error: unknown): ProviderError {
  const message = typeof error === "string" ? error : JSON.stringify(error ?? "prediction failed");
  if (SAFETY.test(message)) return new ProviderError("content_policy", message, { provider: "replicate" });
  return new ProviderError("unknown", `Replicate prediction failed: ${message}`, { provider: "replicate" });
}

/** Anything else the SDK may throw (its own ApiError if a response slipped past the fetch wrapper, bugs). */
export function mapReplicateError(error: unknown): ProviderError {
  const response = (error as { response?: Response } | undefined)?.response;
  if (response instanceof Response) return mapReplicateResponse(response.status, response.headers, String((error as Error).message));
  return new ProviderError("unknown", error instanceof Error ? error.message : String(error), { provider: "replicate", cause: error });
}

function readDetail(body: string): string {
  try {
    const parsed = JSON.parse(body) as { detail?: unknown; title?: unknown };
    return String(parsed.detail ?? parsed.title ?? body).slice(0, 500);
  } catch {
    return body.slice(0, 500) || "no details";
  }
}
