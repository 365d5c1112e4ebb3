/**
 * The provider set, built from explicit configuration (the caller maps the environment with
 * `providersConfigFromEnv`; nothing here reads process.env). A provider without credentials is
 * still present and answers every call with provider_unavailable, so a fallback chain simply
 * moves past it.
 */
import type { Env } from "../env.server";
import { createFalProvider, type FalProviderConfig } from "./fal/client";
import { createOpenAIProvider, type OpenAIProviderConfig } from "./openai/client";
import { createReplicateProvider, type ReplicateProviderConfig } from "./replicate/client";
import type { RetryPolicy } from "./retry";
import { ProviderError, type Provider, type ProviderName } from "./types";

export interface ProvidersConfig {
  replicate?: ReplicateProviderConfig;
  fal?: FalProviderConfig;
  openai?: OpenAIProviderConfig;
}

/** fal's published webhook keys. */
export const FAL_JWKS_URL = "https://rest.alpha.fal.ai/.well-known/jwks.json";

export function createProviders(config: ProvidersConfig): Record<ProviderName, Provider> {
  return {
    replicate: config.replicate ? createReplicateProvider(config.replicate) : unconfigured("replicate"),
    fal: config.fal ? createFalProvider(config.fal) : unconfigured("fal"),
    openai: config.openai ? createOpenAIProvider(config.openai) : unconfigured("openai"),
  };
}

export function providersConfigFromEnv(env: Env): ProvidersConfig {
  const retry: Partial<RetryPolicy> = { timeoutMs: env.PROVIDER_REQUEST_TIMEOUT_MS };
  return {
    replicate: env.REPLICATE_API_TOKEN ? { apiToken: env.REPLICATE_API_TOKEN, baseUrl: env.REPLICATE_BASE_URL, retry } : undefined,
    fal: env.FAL_KEY ? { apiKey: env.FAL_KEY, baseUrl: env.FAL_BASE_URL, jwksUrl: env.FAL_JWKS_URL ?? FAL_JWKS_URL, retry } : undefined,
    openai: env.OPENAI_API_KEY
      ? { apiKey: env.OPENAI_API_KEY, baseUrl: env.OPENAI_BASE_URL, webhookSecret: env.OPENAI_WEBHOOK_SECRET, retry, imageTimeoutMs: env.OPENAI_IMAGE_TIMEOUT_MS }
      : undefined,
  };
}

function unconfigured(name: ProviderName): Provider {
  const fail = async (): Promise<never> => {
    throw new ProviderError("provider_unavailable", `${name} is not configured (no API key)`, { provider: name });
  };
  return { name, start: fail, get: fail, cancel: fail, verifyWebhook: fail };
}
