import { describe, expect, it } from "vitest";
import { parseEnv } from "../env.server";
import { FAL_JWKS_URL, createProviders, providersConfigFromEnv } from "./index";

const baseEnv = { SHOPIFY_API_KEY: "key", SHOPIFY_API_SECRET: "0123456789abcdef0123" };

describe("createProviders", () => {
  it("builds every provider; one without a key refuses calls as provider_unavailable so fallback moves on", async () => {
    const env = parseEnv({ ...baseEnv, REPLICATE_API_TOKEN: "r8_x", REPLICATE_BASE_URL: "http://127.0.0.1:9/v1" });
    const providers = createProviders(providersConfigFromEnv(env));
    expect(Object.keys(providers).sort()).toEqual(["fal", "openai", "replicate"]);
    const refused = await providers.fal.start({ modelId: "m", modelRef: "fal-ai/x", input: {}, idempotencyKey: "k" }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: "provider_unavailable", shouldFallback: true });
  });

  it("maps the environment into explicit configuration, trusting fal's published JWKS unless told otherwise", () => {
    const env = parseEnv({ ...baseEnv, FAL_KEY: "fal", OPENAI_API_KEY: "sk", PROVIDER_REQUEST_TIMEOUT_MS: "1234" });
    const config = providersConfigFromEnv(env);
    expect(config.fal).toMatchObject({ apiKey: "fal", jwksUrl: FAL_JWKS_URL, retry: { timeoutMs: 1234 } });
    expect(config.openai).toMatchObject({ apiKey: "sk", imageTimeoutMs: 180_000 });
    expect(config.replicate).toBeUndefined();
  });
});
