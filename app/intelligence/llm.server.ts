/**
 * One structured-output call to the vision LLM through the official `openai` SDK. The system
 * prompt is a constant chosen by the caller; untrusted data only ever travels in user content
 * parts. The answer is validated by the zod schema (the SDK's `parse` with a strict json_schema
 * response format) and failures become ProviderError so job handlers retry or give up the same
 * way they do for image providers.
 */
import OpenAI, { APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import { zodResponseFormat } from "openai/helpers/zod";
import type { ChatCompletionContentPart } from "openai/resources/chat/completions";
import type { z } from "zod";
import type { Env } from "../env.server";
import { ProviderError, type ProviderErrorCode } from "../providers/types";
import { llmCostMicroUsd } from "./llm-cost";

/** GPT-4o class: vision input and structured outputs. */
export const ANALYSIS_MODEL = "gpt-4o-2024-08-06";
const TIMEOUT_MS = 30_000;
const MAX_OUTPUT_TOKENS = 1_200;

export interface StructuredCall<T extends z.ZodType> {
  schema: T;
  /** Response format name, e.g. "product_analysis". */
  name: string;
  systemPrompt: string;
  userParts: ChatCompletionContentPart[];
  signal?: AbortSignal;
}

export interface StructuredResult<T> {
  value: T;
  model: string;
  inputTokens: number;
  outputTokens: number;
  costMicroUsd: number;
}

/** The most a single call can cost, for budget reservations before the call. */
export function maxCallCostMicroUsd(estimatedInputTokens: number): number {
  return llmCostMicroUsd(ANALYSIS_MODEL, estimatedInputTokens, MAX_OUTPUT_TOKENS);
}

/**
 * A client for the configured endpoint, or undefined when no API key is set (analysis is then
 * skipped and planning uses defaults). OPENAI_BASE_URL may be given with or without `/v1`.
 */
export function createLlmClient(env: Pick<Env, "OPENAI_API_KEY" | "OPENAI_BASE_URL">, fetch?: typeof globalThis.fetch): OpenAI | undefined {
  if (!env.OPENAI_API_KEY) return undefined;
  const baseURL = env.OPENAI_BASE_URL ? env.OPENAI_BASE_URL.replace(/\/+$/, "").replace(/(?<!\/v1)$/, "/v1") : undefined;
  return new OpenAI({ apiKey: env.OPENAI_API_KEY, baseURL, timeout: TIMEOUT_MS, maxRetries: 2, fetch });
}

export async function callStructured<T extends z.ZodType>(
  client: OpenAI,
  call: StructuredCall<T>,
): Promise<StructuredResult<z.infer<T>>> {
  let completion;
  try {
    completion = await client.chat.completions.parse(
      {
        model: ANALYSIS_MODEL,
        temperature: 0,
        max_completion_tokens: MAX_OUTPUT_TOKENS,
        messages: [
          { role: "system", content: call.systemPrompt },
          { role: "user", content: call.userParts },
        ],
        response_format: zodResponseFormat(call.schema, call.name),
      },
      { signal: call.signal },
    );
  } catch (error) {
    throw toProviderError(error);
  }
  const choice = completion.choices[0];
  if (!choice || choice.message.refusal || choice.message.parsed == null) {
    throw new ProviderError("output_invalid", "The analysis model returned no usable answer", { provider: "openai" });
  }
  const inputTokens = completion.usage?.prompt_tokens ?? 0;
  const outputTokens = completion.usage?.completion_tokens ?? 0;
  return {
    value: choice.message.parsed as z.infer<T>,
    model: completion.model || ANALYSIS_MODEL,
    inputTokens,
    outputTokens,
    costMicroUsd: llmCostMicroUsd(completion.model || ANALYSIS_MODEL, inputTokens, outputTokens),
  };
}

function toProviderError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  const details = { provider: "openai" as const, cause: error };
  if (error instanceof APIUserAbortError) return new ProviderError("cancelled", "Analysis was cancelled", details);
  if (error instanceof APIConnectionTimeoutError) return new ProviderError("timeout", "The analysis model timed out", details);
  if (error instanceof APIError) {
    const status = error.status;
    const code: ProviderErrorCode =
      status === 429
        ? "rate_limited"
        : status === undefined || status >= 500
          ? "provider_unavailable"
          : status === 400 || status === 422
            ? "invalid_input"
            : "unknown";
    return new ProviderError(code, `The analysis model failed (HTTP ${status ?? "connection error"})`, { ...details, status });
  }
  // Zod validation of the parsed answer, length/content-filter finish reasons.
  return new ProviderError("output_invalid", "The analysis model's answer did not match the expected shape", details);
}
