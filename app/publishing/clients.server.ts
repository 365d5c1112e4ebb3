/** The configured platform clients and the token key, from the validated env. */
import type { SocialPlatform } from "@prisma/client";
import { tokenKeyBytes, type Env } from "../env.server";
import { PLATFORM_NAMES, PublishingError } from "./errors";
import type { PlatformClient } from "./platform";
import { tiktokClient } from "./tiktok.server";
import { youtubeClient } from "./youtube.server";

export const SOCIAL_PLATFORMS: SocialPlatform[] = ["tiktok", "youtube"];

export function configuredPlatforms(env: Env): SocialPlatform[] {
  return SOCIAL_PLATFORMS.filter((platform) => (platform === "tiktok" ? env.TIKTOK_CLIENT_KEY : env.YOUTUBE_CLIENT_ID) && env.PUBLISHING_TOKEN_KEY);
}

export function platformClient(env: Env, platform: SocialPlatform): PlatformClient {
  if (!configuredPlatforms(env).includes(platform)) {
    throw new PublishingError(platform, "not_configured", `Publishing to ${PLATFORM_NAMES[platform]} is not set up for this app.`);
  }
  if (platform === "tiktok") {
    return tiktokClient({
      clientKey: env.TIKTOK_CLIENT_KEY ?? "",
      clientSecret: env.TIKTOK_CLIENT_SECRET ?? "",
      webBaseUrl: env.TIKTOK_WEB_BASE_URL,
      apiBaseUrl: env.TIKTOK_API_BASE_URL,
      timeoutMs: env.PUBLISHING_REQUEST_TIMEOUT_MS,
    });
  }
  return youtubeClient({
    clientId: env.YOUTUBE_CLIENT_ID ?? "",
    clientSecret: env.YOUTUBE_CLIENT_SECRET ?? "",
    accountsBaseUrl: env.GOOGLE_ACCOUNTS_BASE_URL,
    oauthBaseUrl: env.GOOGLE_OAUTH_BASE_URL,
    apiBaseUrl: env.YOUTUBE_API_BASE_URL,
    watchBaseUrl: env.YOUTUBE_WATCH_BASE_URL,
    timeoutMs: env.PUBLISHING_REQUEST_TIMEOUT_MS,
  });
}

/** The AES/HMAC key; env.server.ts guarantees it once any platform is configured. */
export function tokenKey(env: Env): Buffer {
  const key = env.PUBLISHING_TOKEN_KEY ? tokenKeyBytes(env.PUBLISHING_TOKEN_KEY) : undefined;
  if (!key) throw new Error("PUBLISHING_TOKEN_KEY is not set");
  return key;
}

/** Where the platform sends the merchant back: a top-level page of this app, outside the admin iframe. */
export function oauthRedirectUri(env: Env, platform: SocialPlatform): string {
  return `${env.SHOPIFY_APP_URL.replace(/\/$/, "")}/channels/${platform}/callback`;
}
