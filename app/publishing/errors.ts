/**
 * The error family of the TikTok/YouTube boundary. Both clients normalise their platform's error
 * shapes into it: `isRetryable` (timeouts, 5xx, rate limits: the job retries), `needsReconnect`
 * (revoked or expired grant, missing scope: the account is marked and the merchant reconnects),
 * and `message`, which is written for the merchant.
 */
import type { SocialPlatform } from "@prisma/client";

export type PublishingErrorCode =
  /** The access token was refused: refresh once, then reconnect. */
  | "auth_expired"
  | "reconnect_required"
  | "rate_limited"
  | "quota_exceeded"
  | "platform_unavailable"
  | "rejected"
  | "processing_failed"
  | "not_configured";

export const PLATFORM_NAMES: Record<SocialPlatform, string> = { tiktok: "TikTok", youtube: "YouTube" };

export class PublishingError extends Error {
  readonly isRetryable: boolean;
  readonly needsReconnect: boolean;

  constructor(
    readonly platform: SocialPlatform,
    readonly code: PublishingErrorCode,
    message: string,
    /** The platform's own code (e.g. access_token_invalid, authError), for logs. */
    readonly platformCode?: string,
  ) {
    super(message);
    this.name = "PublishingError";
    this.isRetryable = code === "rate_limited" || code === "platform_unavailable";
    this.needsReconnect = code === "reconnect_required";
  }
}

export function reconnectError(platform: SocialPlatform, platformCode?: string): PublishingError {
  const name = PLATFORM_NAMES[platform];
  return new PublishingError(
    platform,
    "reconnect_required",
    `${name} no longer accepts Glint's access (it was revoked or has expired). Reconnect ${name} in Channels, then publish again.`,
    platformCode,
  );
}

export function isPublishingError(error: unknown): error is PublishingError {
  return error instanceof PublishingError;
}
