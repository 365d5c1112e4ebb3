/** fal failures → ProviderError. fal answers errors as { detail: string | [{ loc, msg, type }] }. */
import { parseRetryAfter } from "../retry";
import { ProviderError } from "../types";

const POLICY_TYPES = /content_policy_violation|nsfw|safety/i;

export function mapFalResponse(status: number, headers: Headers, body: string): ProviderError {
  const { message, types } = readDetail(body);
  const details = { provider: "fal" as const, status };
  if (status === 429) {
    return new ProviderError("rate_limited", `fal throttled the request: ${message}`, { ...details, retryAfterMs: parseRetryAfter(headers.get("retry-after")) });
  }
  if (status === 504 && headers.get("x-fal-request-timeout-type") === "user") return new ProviderError("timeout", message, details);
  if (status >= 500) return new ProviderError("provider_unavailable", `fal error ${status}: ${message}`, details);
  if (status === 401 || status === 402 || status === 403) {
    return new ProviderError("provider_unavailable", `fal refused the account (${status}): ${message}`, details);
  }
  if (types.some((type) => POLICY_TYPES.test(type))) return new ProviderError("content_policy", message, details);
  return new ProviderError("invalid_input", `fal rejected the request (${status}): ${message}`, details);
}

/** A request the queue reports COMPLETED with an error. */
export function mapFalFailure(errorType: unknown, error: unknown): ProviderError {
  const { message, types } = readDetail(JSON.stringify(error ?? "request failed"));
  if ([String(errorType), ...types].some((type) => POLICY_TYPES.test(type))) return new ProviderError("content_policy", message, { provider: "fal" });
  return new ProviderError("unknown", `fal request failed: ${message}`, { provider: "fal" });
}

export function mapFalError(error: unknown): ProviderError {
  const status = (error as { status?: unknown } | undefined)?.status;
  if (typeof status === "number") return mapFalResponse(status, new Headers(), JSON.stringify((error as { body?: unknown }).body ?? {}));
  return new ProviderError("unknown", error instanceof Error ? error.message : String(error), { provider: "fal", cause: error });
}

function readDetail(body: string): { message: string; types: string[] } {
  try {
    const parsed = JSON.parse(body) as { detail?: unknown } | string;
    const detail = typeof parsed === "string" ? parsed : (parsed.detail ?? parsed);
    if (Array.isArray(detail)) {
      const items = detail as Array<{ msg?: string; type?: string }>;
      return { message: items.map((d) => d.msg ?? "").join("; ").slice(0, 500), types: items.map((d) => d.type ?? "") };
    }
    return { message: (typeof detail === "string" ? detail : JSON.stringify(detail)).slice(0, 500), types: [] };
  } catch {
    return { message: body.slice(0, 500) || "no details", types: [] };
  }
}
