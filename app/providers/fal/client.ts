/**
 * fal adapter on the official `@fal-ai/client` (queue API). HTTP failures are mapped at the fetch
 * layer (see ../http.ts) so retry.ts alone decides on retries. With `baseUrl`, fal's three hosts
 * are routed to one origin the way the simulator mounts them (/queue, /run, /rest).
 */
import { createFalClient, type RequestMiddleware } from "@fal-ai/client";
import { failFastFetch } from "../http";
import { DEFAULT_RETRY_POLICY, withRetry, type RetryPolicy } from "../retry";
import type { ProviderError, Provider, ProviderJob } from "../types";
import { createWebhookGuard, type WebhookGuard } from "../webhook-guard";
import { mapFalError, mapFalFailure, mapFalResponse } from "./errors";
import { resultUrls, submitRequest } from "./inputs";
import { createFalWebhookVerifier, type FalWebhookBody } from "./webhook";

export interface FalProviderConfig {
  apiKey: string;
  /** Origin standing in for queue.fal.run, fal.run and rest.fal.ai (the simulator); real hosts when unset. */
  baseUrl?: string;
  /** fal's published webhook keys. */
  jwksUrl: string;
  retry?: Partial<RetryPolicy>;
  webhookGuard?: WebhookGuard;
}

const HOSTS: Array<[string, string]> = [
  ["https://queue.fal.run/", "/queue/"],
  ["https://fal.run/", "/run/"],
  ["https://rest.fal.ai/", "/rest/"],
];

/** Request middleware sending fal's hosts to one origin (the simulator's layout). */
export function routeFalHosts(baseUrl: string): RequestMiddleware {
  const base = baseUrl.replace(/\/$/, "");
  return async (request) => {
    const host = HOSTS.find(([prefix]) => request.url.startsWith(prefix));
    return host ? { ...request, url: `${base}${host[1]}${request.url.slice(host[0].length)}` } : request;
  };
}

interface QueueStatus {
  status: "IN_QUEUE" | "IN_PROGRESS" | "COMPLETED";
  error?: unknown;
  error_type?: unknown;
  metrics?: { inference_time?: number };
}

export function createFalProvider(config: FalProviderConfig): Provider {
  const base = config.baseUrl;
  const fal = createFalClient({
    credentials: config.apiKey,
    suppressLocalCredentialsWarning: true,
    fetch: failFastFetch("fal", mapFalResponse),
    retry: { maxRetries: 0 },
    requestMiddleware: base ? routeFalHosts(base) : undefined,
  });
  const policy = { ...DEFAULT_RETRY_POLICY, ...config.retry };
  const call = <T>(fn: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal, retryIf?: (error: ProviderError) => boolean) =>
    withRetry(fn, policy, { provider: "fal", mapError: mapFalError, signal, retryIf });
  const verifier = createFalWebhookVerifier(config.jwksUrl, config.webhookGuard ?? createWebhookGuard(), policy.timeoutMs);

  return {
    name: "fal",
    async start(request) {
      const { input, webhookUrl } = submitRequest(request);
      // fal has no idempotency key: a start that timed out may have been queued, so it is not retried.
      const queued = await call(
        (abortSignal) => fal.queue.submit(request.modelRef, { input, webhookUrl, abortSignal }),
        request.signal,
        (error) => error.code !== "timeout",
      );
      return { provider: "fal", jobId: queued.request_id, state: "queued" };
    },
    async get(jobId, modelRef, signal) {
      const status = (await call((abortSignal) => fal.queue.status(modelRef, { requestId: jobId, abortSignal }), signal)) as QueueStatus;
      if (status.status === "IN_QUEUE") return { provider: "fal", jobId, state: "queued" };
      if (status.status === "IN_PROGRESS") return { provider: "fal", jobId, state: "running" };
      const metrics = status.metrics?.inference_time !== undefined ? { predictTimeMs: Math.round(status.metrics.inference_time * 1000) } : undefined;
      if (typeof status.error_type === "string" && /cancel/i.test(status.error_type)) return { provider: "fal", jobId, state: "cancelled", metrics };
      if (status.error != null) return failed(jobId, mapFalFailure(status.error_type, status.error), metrics);
      const result = await call((abortSignal) => fal.queue.result(modelRef, { requestId: jobId, abortSignal }), signal);
      return { ...succeeded(jobId, result.data), metrics };
    },
    async cancel(jobId, modelRef) {
      await call((abortSignal) => fal.queue.cancel(modelRef, { requestId: jobId, abortSignal })).catch((error: ProviderError) => {
        // 400 ALREADY_COMPLETED: nothing left to cancel.
        if (error.details.status !== 400) throw error;
      });
    },
    async verifyWebhook(request) {
      const { deliveryId, payload } = await verifier.verify(request);
      return { deliveryId, job: webhookJob(payload) };
    },
  };
}

function webhookJob(body: FalWebhookBody): ProviderJob {
  if (body.status === "OK") return succeeded(body.request_id, body.payload);
  const detail = body.payload && typeof body.payload === "object" ? body.payload : body.error;
  return failed(body.request_id, mapFalFailure(undefined, detail));
}

function succeeded(jobId: string, data: unknown): ProviderJob {
  const nsfw = (data as { has_nsfw_concepts?: unknown } | undefined)?.has_nsfw_concepts;
  return {
    provider: "fal",
    jobId,
    state: "succeeded",
    outputUrls: resultUrls(data),
    flags: Array.isArray(nsfw) ? { nsfw: nsfw.some(Boolean) } : undefined,
  };
}

function failed(jobId: string, error: ProviderError, metrics?: ProviderJob["metrics"]): ProviderJob {
  return { provider: "fal", jobId, state: "failed", error, flags: error.code === "content_policy" ? { nsfw: true } : undefined, metrics };
}
