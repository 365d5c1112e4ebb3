/**
 * TikTok: Login Kit for Web (OAuth 2.0 v2) and the Content Posting API's Direct Post with
 * FILE_UPLOAD (init → PUT chunks to upload_url → status/fetch). Errors come back in TikTok's
 * envelope { data, error: { code, message, log_id } } or, from the OAuth endpoints,
 * { error, error_description }; both become PublishingError.
 */
import type { PlatformClient, PlatformProfile, PostStatus, TokenSet, UploadInput, UploadResult, StatusInput } from "./platform";
import { PublishingError, reconnectError } from "./errors";
import { tiktokCaption } from "./captions";
import { jsonBody, parseJson, platformFetch } from "./request.server";

export interface TikTokConfig {
  clientKey: string;
  clientSecret: string;
  /** www.tiktok.com: authorize page and public post URLs. */
  webBaseUrl: string;
  /** open.tiktokapis.com */
  apiBaseUrl: string;
  timeoutMs: number;
  /** Bytes per chunk for videos larger than one chunk (TikTok: 5–64 MB). */
  chunkBytes?: number;
}

export const TIKTOK_SCOPES = "user.info.basic,video.publish";
const MB = 1024 * 1024;

interface Envelope<T> {
  data?: T;
  error?: { code?: string; message?: string; log_id?: string };
}

interface TokenAnswer {
  access_token?: string;
  refresh_token?: string;
  expires_in?: number;
  refresh_expires_in?: number;
  scope?: string;
  open_id?: string;
  error?: string;
  error_description?: string;
}

/** TikTok's fail_reason values, said for a merchant. */
const FAIL_REASONS: Record<string, string> = {
  file_format_check_failed: "TikTok could not read the video file.",
  duration_check_failed: "The video is too long or too short for TikTok.",
  frame_rate_check_failed: "TikTok does not accept this video's frame rate.",
  picture_size_check_failed: "TikTok does not accept this video's resolution.",
  video_pull_failed: "TikTok could not fetch the video.",
  spam_risk_too_many_posts: "TikTok's daily posting limit for this account is reached. Try again tomorrow.",
  spam_risk_user_banned_from_posting: "TikTok does not allow this account to post right now.",
  internal: "TikTok had a problem processing the video. Try publishing again.",
};

export function tiktokClient(config: TikTokConfig): PlatformClient {
  const call = (path: string, init: RequestInit, signal?: AbortSignal) =>
    platformFetch("tiktok", `${config.apiBaseUrl.replace(/\/$/, "")}${path}`, init, { timeoutMs: config.timeoutMs, signal });

  async function api<T>(path: string, accessToken: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    return (await apiWithText<T>(path, accessToken, body, signal)).data;
  }

  /** The answer's data and its raw text (post ids are int64: JSON.parse would round them). */
  async function apiWithText<T>(path: string, accessToken: string, body?: unknown, signal?: AbortSignal): Promise<{ data: T; text: string }> {
    const response = await call(
      path,
      {
        method: body === undefined ? "GET" : "POST",
        headers: { authorization: `Bearer ${accessToken}`, ...(body === undefined ? {} : { "content-type": "application/json; charset=UTF-8" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      },
      signal,
    );
    const text = await response.text();
    const envelope = parseJson<Envelope<T>>(text);
    const code = envelope?.error?.code;
    if (response.ok && code === "ok" && envelope?.data) return { data: envelope.data, text };
    throw apiError(response.status, code, envelope?.error?.message);
  }

  async function token(form: Record<string, string>): Promise<TokenSet> {
    const response = await call("/v2/oauth/token/", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ client_key: config.clientKey, client_secret: config.clientSecret, ...form }),
    });
    const answer = await jsonBody<TokenAnswer>(response);
    if (response.ok && answer?.access_token) {
      return {
        accessToken: answer.access_token,
        refreshToken: answer.refresh_token,
        expiresInSeconds: answer.expires_in ?? 86_400,
        refreshExpiresInSeconds: answer.refresh_expires_in,
        scope: answer.scope ?? "",
      };
    }
    if (response.status >= 500 || response.status === 429) throw apiError(response.status, answer?.error, answer?.error_description);
    // invalid_grant: the code or refresh token is spent, expired or revoked.
    if (answer?.error === "invalid_grant" || form.grant_type === "refresh_token") throw reconnectError("tiktok", answer?.error);
    throw new PublishingError("tiktok", "rejected", "TikTok refused the connection. Try connecting again.", answer?.error);
  }

  return {
    platform: "tiktok",

    authorizeUrl({ state, redirectUri }) {
      // Login Kit for Web takes no PKCE (only the desktop flow does); the signed state guards the callback.
      const url = new URL("/v2/auth/authorize/", config.webBaseUrl);
      url.search = new URLSearchParams({ client_key: config.clientKey, scope: TIKTOK_SCOPES, response_type: "code", redirect_uri: redirectUri, state }).toString();
      return url.toString();
    },

    exchangeCode: ({ code, redirectUri }) => token({ grant_type: "authorization_code", code, redirect_uri: redirectUri }),

    refresh: (refreshToken) => token({ grant_type: "refresh_token", refresh_token: refreshToken }),

    async profile(accessToken): Promise<PlatformProfile> {
      const { user } = await api<{ user: { open_id: string; display_name?: string } }>("/v2/user/info/?fields=open_id,display_name", accessToken);
      const creator = await api<{ creator_username?: string; creator_nickname?: string }>("/v2/post/publish/creator_info/query/", accessToken, {});
      return { externalId: user.open_id, displayName: user.display_name ?? creator.creator_nickname ?? "TikTok account", handle: creator.creator_username };
    },

    async upload(input: UploadInput): Promise<UploadResult> {
      if (input.uploadRef) {
        // An earlier attempt initialised this post. If all its bytes arrived, it will post by itself:
        // uploading again would post twice. Otherwise it never completes, and a new one starts.
        const status = await api<{ status: string; uploaded_bytes?: number }>("/v2/post/publish/status/fetch/", input.accessToken, { publish_id: input.uploadRef }, input.signal);
        if (status.status !== "PROCESSING_UPLOAD" || (status.uploaded_bytes ?? 0) >= input.video.length) return { uploadRef: input.uploadRef };
      }
      const size = input.video.length;
      const chunk = config.chunkBytes ?? 10 * MB;
      // TikTok: under one chunk (and always under 5 MB) goes whole; otherwise floor(size / chunk)
      // chunks, the last one taking the remainder.
      const [chunkSize, count] = size <= Math.max(chunk, 5 * MB) ? [size, 1] : [chunk, Math.floor(size / chunk)];
      const privacy = await privacyLevel(input.accessToken, input.signal);
      const init = await api<{ publish_id: string; upload_url: string }>(
        "/v2/post/publish/video/init/",
        input.accessToken,
        {
          post_info: { title: tiktokCaption(input.post), privacy_level: privacy, disable_comment: false, disable_duet: false, disable_stitch: false, is_aigc: true },
          source_info: { source: "FILE_UPLOAD", video_size: size, chunk_size: chunkSize, total_chunk_count: count },
        },
        input.signal,
      );
      await input.saveUploadRef(init.publish_id);
      for (let index = 0; index < count; index++) {
        const first = index * chunkSize;
        const last = index === count - 1 ? size - 1 : first + chunkSize - 1;
        const response = await platformFetch(
          "tiktok",
          init.upload_url,
          {
            method: "PUT",
            headers: { "content-type": input.mimeType, "content-range": `bytes ${first}-${last}/${size}` },
            body: new Uint8Array(input.video.subarray(first, last + 1)),
          },
          { timeoutMs: config.timeoutMs * 4, signal: input.signal },
        );
        if (response.status !== 201 && response.status !== 206) {
          const envelope = await jsonBody<Envelope<unknown>>(response);
          throw apiError(response.status, envelope?.error?.code, envelope?.error?.message);
        }
      }
      return { uploadRef: init.publish_id };
    },

    async status(input: StatusInput): Promise<PostStatus> {
      const { data, text } = await apiWithText<{ status: string; fail_reason?: string }>(
        "/v2/post/publish/status/fetch/",
        input.accessToken,
        { publish_id: input.uploadRef },
        input.signal,
      );
      if (data.status === "FAILED") {
        const reason = data.fail_reason ?? "internal";
        return { state: "failed", code: reason, message: FAIL_REASONS[reason] ?? `TikTok did not publish the video (${reason}).` };
      }
      if (data.status !== "PUBLISH_COMPLETE") return { state: "processing" };
      const postId = /"publicaly_available_post_id"\s*:\s*\[\s*"?(\d+)/.exec(text)?.[1];
      const profile = `${config.webBaseUrl.replace(/\/$/, "")}/@${input.handle ?? ""}`;
      // A post under moderation or visible only to the creator has no public id yet: link the profile.
      return postId === undefined
        ? { state: "published", externalId: input.uploadRef, url: profile }
        : { state: "published", externalId: postId, url: `${profile}/video/${postId}` };
    },

    async revoke(accessToken) {
      await call("/v2/oauth/revoke/", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ client_key: config.clientKey, client_secret: config.clientSecret, token: accessToken }),
      });
    },
  };

  /** Public when the creator allows it, otherwise the first option TikTok offers (unaudited apps: SELF_ONLY). */
  async function privacyLevel(accessToken: string, signal?: AbortSignal): Promise<string> {
    const info = await api<{ privacy_level_options?: string[] }>("/v2/post/publish/creator_info/query/", accessToken, {}, signal);
    const options = info.privacy_level_options ?? [];
    return options.includes("PUBLIC_TO_EVERYONE") ? "PUBLIC_TO_EVERYONE" : (options[0] ?? "SELF_ONLY");
  }
}

function apiError(httpStatus: number, code: string | undefined, message: string | undefined): PublishingError {
  if (code === "access_token_invalid" || httpStatus === 401) {
    return code === "scope_not_authorized" ? reconnectError("tiktok", code) : new PublishingError("tiktok", "auth_expired", "TikTok refused the access token.", code);
  }
  if (code === "rate_limit_exceeded" || httpStatus === 429) return new PublishingError("tiktok", "rate_limited", "TikTok asks Glint to slow down. Glint will try again shortly.", code);
  if (httpStatus >= 500 || code === "internal_error") return new PublishingError("tiktok", "platform_unavailable", "TikTok is having problems. Glint will try again.", code);
  if (code?.startsWith("spam_risk")) return new PublishingError("tiktok", "quota_exceeded", FAIL_REASONS[code] ?? "TikTok limits how often this account can post. Try again later.", code);
  return new PublishingError("tiktok", "rejected", `TikTok refused the post: ${message ?? code ?? `HTTP ${httpStatus}`}`, code);
}
