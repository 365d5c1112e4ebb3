import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ProviderError } from "../providers/types";
import { callStructured, createLlmClient } from "./llm.server";

const schema = z.object({ colour: z.enum(["red", "blue"]) });

/** A fetch answering every request with `respond()`, counting calls (the SDK itself is real). */
function answering(respond: () => Response) {
  const calls: string[] = [];
  const fetch: typeof globalThis.fetch = async (input) => {
    calls.push(String(input));
    return respond();
  };
  return { calls, client: createLlmClient({ OPENAI_API_KEY: "sk-unit", OPENAI_BASE_URL: "http://127.0.0.1:9" }, fetch)! };
}

function completion(message: Record<string, unknown>, usage = { prompt_tokens: 1000, completion_tokens: 100, total_tokens: 1100 }) {
  return Response.json({
    id: "chatcmpl-1",
    object: "chat.completion",
    created: 0,
    model: "gpt-4o-2024-08-06",
    choices: [{ index: 0, finish_reason: "stop", logprobs: null, message: { role: "assistant", refusal: null, ...message } }],
    usage,
  });
}

const call = { schema, name: "colour", systemPrompt: "constant", userParts: [{ type: "text" as const, text: "data" }] };

describe("callStructured", () => {
  it("returns the validated value and prices the tokens in micro-dollars", async () => {
    const { client, calls } = answering(() => completion({ content: '{"colour":"red"}' }));
    const result = await callStructured(client, call);
    expect(result).toMatchObject({ value: { colour: "red" }, inputTokens: 1000, outputTokens: 100, costMicroUsd: 3500 });
    expect(calls[0]).toBe("http://127.0.0.1:9/v1/chat/completions");
  });

  it("rejects an answer outside the schema as output_invalid", async () => {
    const { client } = answering(() => completion({ content: '{"colour":"green"}' }));
    await expect(callStructured(client, call)).rejects.toMatchObject({ name: "ProviderError", code: "output_invalid" });
  });

  it("treats a refusal as output_invalid", async () => {
    const { client } = answering(() => completion({ content: null, refusal: "I can't help with that." }));
    await expect(callStructured(client, call)).rejects.toMatchObject({ code: "output_invalid" });
  });

  it("maps a bad request to invalid_input without retrying", async () => {
    const { client, calls } = answering(() => Response.json({ error: { message: "bad" } }, { status: 400 }));
    await expect(callStructured(client, call)).rejects.toMatchObject({ code: "invalid_input", isRetryable: false });
    expect(calls).toHaveLength(1);
  });

  it("retries server errors, then reports the provider unavailable (retryable, falls back)", async () => {
    const { client, calls } = answering(() =>
      Response.json({ error: { message: "down" } }, { status: 503, headers: { "retry-after-ms": "1" } }),
    );
    const error = await callStructured(client, call).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ code: "provider_unavailable", isRetryable: true, details: { status: 503 } });
    expect(calls).toHaveLength(3);
  });
});

describe("createLlmClient", () => {
  it("is absent without an API key", () => {
    expect(createLlmClient({ OPENAI_API_KEY: undefined, OPENAI_BASE_URL: undefined })).toBeUndefined();
  });

  it("accepts a base URL with or without /v1", () => {
    expect(createLlmClient({ OPENAI_API_KEY: "k", OPENAI_BASE_URL: "http://sim:1/v1/" })!.baseURL).toBe("http://sim:1/v1");
    expect(createLlmClient({ OPENAI_API_KEY: "k", OPENAI_BASE_URL: "http://sim:1" })!.baseURL).toBe("http://sim:1/v1");
  });
});
