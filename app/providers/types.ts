/**
 * The one provider interface (after the Vercel AI SDK): every adapter (replicate/, fal/, openai/)
 * implements it with the same file set, and maps every failure into ProviderError so the
 * pipeline decides retry / fallback / fail from `code`, `isRetryable` and `shouldFallback` alone.
 * Generation is long-running by design: start, then a webhook or a poll finishes it.
 */

export type ProviderName = "replicate" | "fal" | "openai";

export type Capability =
  | "background_removal"
  | "enhancement"
  | "upscale"
  | "scene_generation"
  | "virtual_model"
  | "inpainting"
  | "image_to_video"
  | "text_to_video"
  | "avatar_video";

export type OutputKind = "image" | "video";

/** What the pipeline asks a provider for. Input images are URLs the provider can fetch. */
export interface GenerationInput {
  prompt: string;
  negativePrompt?: string;
  imageUrls: string[];
  width?: number;
  height?: number;
  aspectRatio?: string;
  durationSeconds?: number;
  seed?: number;
  /** Audio track a talking-avatar model lip-syncs to (a URL the provider can fetch). */
  audioUrl?: string;
  /** Free-form extras mapped by the model's registry entry. */
  extra?: Record<string, unknown>;
}

export interface StartRequest {
  /** Registry model id, e.g. "flux-2-pro". */
  modelId: string;
  /** The provider's own reference: "owner/name" or "owner/name:version", fal app id, OpenAI model. */
  modelRef: string;
  /** Provider input already mapped from GenerationInput by the registry entry. */
  input: Record<string, unknown>;
  /** Where the provider should call back; omitted when the provider has no webhooks. */
  webhookUrl?: string;
  /** Derived from generation id + attempt: a retried start must not create a second job. */
  idempotencyKey: string;
  signal?: AbortSignal;
}

export type JobState = "queued" | "running" | "succeeded" | "failed" | "cancelled";

export interface ProviderJob {
  provider: ProviderName;
  /** The provider's job id (prediction id, fal request id, OpenAI response/video id). */
  jobId: string;
  state: JobState;
  /** Output URLs (or data: URLs for providers that return bytes inline) when succeeded. */
  outputUrls?: string[];
  error?: ProviderError;
  /** Provider-reported flags, e.g. NSFW. */
  flags?: { nsfw?: boolean };
  /** Actual provider cost when the provider reports it, in micro-dollars. */
  costMicroUsd?: number;
  /** Provider-side timings. */
  metrics?: { predictTimeMs?: number };
}

export interface VerifiedWebhook {
  /** Idempotency key of the delivery (webhook-id, request id + status …). */
  deliveryId: string;
  job: ProviderJob;
}

export interface WebhookRequest {
  headers: Headers;
  /** Raw body: signatures are over the exact bytes. */
  body: string;
}

export interface Provider {
  readonly name: ProviderName;
  start(request: StartRequest): Promise<ProviderJob>;
  get(jobId: string, modelRef: string, signal?: AbortSignal): Promise<ProviderJob>;
  cancel(jobId: string, modelRef: string): Promise<void>;
  /** Verifies signature and freshness; throws ProviderError("webhook_invalid") otherwise. */
  verifyWebhook(request: WebhookRequest): Promise<VerifiedWebhook>;
}

export type ProviderErrorCode =
  | "rate_limited"
  | "timeout"
  | "provider_unavailable"
  | "invalid_input"
  | "content_policy"
  | "output_invalid"
  | "cancelled"
  | "webhook_invalid"
  | "unknown";

const RETRYABLE: ReadonlySet<ProviderErrorCode> = new Set(["rate_limited", "timeout", "provider_unavailable", "unknown"]);
/** Errors another model may not hit: the fallback chain moves on. content_policy never falls back. */
const FALLBACK: ReadonlySet<ProviderErrorCode> = new Set([
  "rate_limited",
  "timeout",
  "provider_unavailable",
  "output_invalid",
  "unknown",
]);

export class ProviderError extends Error {
  readonly isRetryable: boolean;
  readonly shouldFallback: boolean;

  constructor(
    readonly code: ProviderErrorCode,
    message: string,
    readonly details: {
      provider?: ProviderName;
      status?: number;
      /** From Retry-After, when the provider sent one. */
      retryAfterMs?: number;
      cause?: unknown;
    } = {},
  ) {
    super(message, { cause: details.cause });
    this.name = "ProviderError";
    this.isRetryable = RETRYABLE.has(code);
    this.shouldFallback = FALLBACK.has(code);
  }
}

export function isProviderError(error: unknown): error is ProviderError {
  return error instanceof ProviderError;
}
