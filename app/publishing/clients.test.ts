import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "../env.server";
import { configuredPlatforms, platformClient } from "./clients.server";

const base = { SHOPIFY_API_KEY: "key", SHOPIFY_API_SECRET: "0123456789abcdef0123" };
const key = randomBytes(32).toString("base64");

describe("publishing configuration", () => {
  it("is off until a platform's client credentials are set", () => {
    const env = parseEnv(base);
    expect(configuredPlatforms(env)).toEqual([]);
    expect(() => platformClient(env, "tiktok")).toThrow("Publishing to TikTok is not set up for this app.");
  });

  it("refuses to start with platform credentials but no token key, naming the variable", () => {
    const attempt = () => parseEnv({ ...base, TIKTOK_CLIENT_KEY: "k", TIKTOK_CLIENT_SECRET: "s" });
    expect(attempt).toThrow(EnvError);
    expect(attempt).toThrow(/PUBLISHING_TOKEN_KEY is required/);
  });

  it("refuses a token key that is not 32 bytes, and a client id without its secret", () => {
    expect(() => parseEnv({ ...base, PUBLISHING_TOKEN_KEY: randomBytes(16).toString("base64") })).toThrow(/PUBLISHING_TOKEN_KEY must be 32 bytes/);
    expect(() => parseEnv({ ...base, PUBLISHING_TOKEN_KEY: key, YOUTUBE_CLIENT_ID: "id" })).toThrow(/YOUTUBE_CLIENT_ID and YOUTUBE_CLIENT_SECRET go together/);
  });

  it("accepts a hex or base64 key and enables exactly the configured platforms", () => {
    const env = parseEnv({ ...base, PUBLISHING_TOKEN_KEY: randomBytes(32).toString("hex"), YOUTUBE_CLIENT_ID: "id", YOUTUBE_CLIENT_SECRET: "secret" });
    expect(configuredPlatforms(env)).toEqual(["youtube"]);
    const url = new URL(platformClient(env, "youtube").authorizeUrl({ state: "s", codeVerifier: "v".repeat(43), redirectUri: "https://app.example/channels/youtube/callback" }));
    expect(url.origin).toBe("https://accounts.google.com");
    expect(url.searchParams.get("access_type")).toBe("offline");
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
  });
});
