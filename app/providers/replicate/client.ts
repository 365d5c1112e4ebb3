/**
 * Replicate adapter on the official `replicate` SDK. All HTTP failures are mapped at the fetch
 * layer (see ../http.ts) so retry.ts alone decides on retries.
 */
import Replicate from "replicate";
import { failFastFetch } from "../http";
import { DEFAULT_RETRY_POLICY, withRetry, type RetryPolicy } from "../retry";
import type { JobState, Provider, ProviderJob } from "../types";
import { createWebhookGuard, type WebhookGuard } from "../webhook-guard";
import { mapPredictionFailure, mapReplicateError, mapReplicateResponse } from "./errors";
import { predictionRequest } from "./inputs";
import { createReplicateWebhookVerifier } from "./webhook";

export interface ReplicateProviderConfig {
  apiToken: string;
  /** Defaults to https://api.replicate.com/v1; the simulator's is `${url}/v1`. */
  baseUrl?: string;
  retry?: Partial<RetryPolicy>;
  webhookGuard?: WebhookGuard;
}

interface Prediction {
  id: string;
  status: "starting" | "processing" | "succeeded" | "failed" | "canceled" | "aborted";
  output?: unknown;
  error?: unknown;
  metrics?: { predict_time?: number };
}

const STATES: Record<Prediction["status"], JobState> = {
  starting: "queued",
  processing: "running",
  succeeded: "succeeded",
  failed: "failed",
  canceled: "cancelled",
  aborted: "cancelled",
};

export function createReplicateProvider(config: ReplicateProviderConfig): Provider {
  const client = new Replicate({
    auth: config.apiToken,
    baseUrl: config.baseUrl,
    useFileOutput: false,
    fetch: failFastFetch("replicate", mapReplicateResponse),
  });
  const policy = { ...DEFAULT_RETRY_POLICY, ...config.retry };
  const call = <T>(fn: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal, retryIf?: (code: string) => boolean) =>
    withRetry(fn, policy, { provider: "replicate", mapError: mapReplicateError, signal, retryIf: retryIf && ((e) => retryIf(e.code)) });
  const verifier = createReplicateWebhookVerifier(
    async () => (await client.webhooks.default.secret.get({ signal: AbortSignal.timeout(policy.timeoutMs) })).key,
    config.webhookGuard ?? createWebhookGuard(),
  );

  return {
    name: "replicate",
    async start(request) {
      const body = predictionRequest(request);
      // Replicate has no idempotency key: a start that timed out may have created a prediction,
      // so only answers that prove nothing was created (429, 5xx) are retried here.
      const prediction = await call(
        (signal) => client.predictions.create({ ...body, signal }) as Promise<Prediction>,
        request.signal,
        (code) => code !== "timeout",
      );
      return toJob(prediction);
    },
    async get(jobId, _modelRef, signal) {
      return toJob(await call((s) => client.predictions.get(jobId, { signal: s }) as Promise<Prediction>, signal));
    },
    async cancel(jobId) {
      await call((signal) => client.predictions.cancel(jobId, { signal }));
    },
    async verifyWebhook(request) {
      const { deliveryId, prediction } = await verifier.verify(request);
      return { deliveryId, job: toJob(prediction as Prediction) };
    },
  };
}

function toJob(prediction: Prediction): ProviderJob {
  const state = STATES[prediction.status] ?? "running";
  const error = state === "failed" ? mapPredictionFailure(prediction.error) : undefined;
  return {
    provider: "replicate",
    jobId: prediction.id,
    state,
    outputUrls: state === "succeeded" ? outputUrls(prediction.output) : undefined,
    error,
    flags: error?.code === "content_policy" ? { nsfw: true } : undefined,
    metrics: prediction.metrics?.predict_time !== undefined ? { predictTimeMs: Math.round(prediction.metrics.predict_time * 1000) } : undefined,
  };
}

/** Models answer a URL, a list of URLs, or an object holding them. */
function outputUrls(output: unknown): string[] {
  if (typeof output === "string") return /^(https?|data):/.test(output) ? [output] : [];
  if (Array.isArray(output)) return output.flatMap(outputUrls);
  if (output && typeof output === "object") return Object.values(output).flatMap(outputUrls);
  return [];
}
