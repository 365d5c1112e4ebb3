/**
 * YouTube: Google OAuth 2.0 for web server apps (offline access, PKCE S256) and the YouTube Data
 * API v3 resumable upload (POST metadata → session URI → PUT chunks, 308 Resume Incomplete until
 * the video resource comes back), then videos.list for processing status. Google's error shape
 * { error: { code, message, errors: [{ reason }], status } } becomes PublishingError.
 */
import { createHash } from "node:crypto";
import type { PlatformClient, PlatformProfile, PostStatus, StatusInput, TokenSet, UploadInput, UploadResult } from "./platform";
import { PublishingError, reconnectError } from "./errors";
import { youtubeMetadata } from "./captions";
import { jsonBody, platformFetch } from "./request.server";

export interface YouTubeConfig {
  clientId: string;
  clientSecret: string;
  /** accounts.google.com (consent page) */
  accountsBaseUrl: string;
  /** oauth2.googleapis.com (token, revoke) */
  oauthBaseUrl: string;
  /** www.googleapis.com (Data API and upload) */
  apiBaseUrl: string;
  /** www.youtube.com (watch URLs) */
  watchBaseUrl: string;
  timeoutMs: number;
  /** Bytes per PUT; a multiple of 256 KiB as Google requires for all but the last chunk. */
  chunkBytes?: number;
}

export const YOUTUBE_SCOPES = ["https://www.googleapis.com/auth/youtube.upload", "https://www.googleapis.com/auth/youtube.readonly"];
const CHUNK_UNIT = 256 * 1024;

interface GoogleError {
  error?: { code?: number; message?: string; errors?: Array<{ reason?: string }>; status?: string } | string;
  error_description?: string;
}

interface VideoResource {
  id: string;
  status?: { uploadStatus?: string; failureReason?: string; rejectionReason?: string };
  processingDetails?: { processingStatus?: string; processingFailureReason?: string };
}

export function youtubeClient(config: YouTubeConfig): PlatformClient {
  const base = (url: string) => url.replace(/\/$/, "");
  const chunkBytes = Math.max(CHUNK_UNIT, Math.floor((config.chunkBytes ?? 8 * 1024 * 1024) / CHUNK_UNIT) * CHUNK_UNIT);

  async function api<T>(url: string, accessToken: string, signal?: AbortSignal): Promise<T> {
    const response = await platformFetch("youtube", url, { headers: { authorization: `Bearer ${accessToken}` } }, { timeoutMs: config.timeoutMs, signal });
    if (response.ok) return (await response.json()) as T;
    throw apiError(response.status, await jsonBody<GoogleError>(response));
  }

  async function token(form: Record<string, string>): Promise<TokenSet> {
    const response = await platformFetch(
      "youtube",
      `${base(config.oauthBaseUrl)}/token`,
      {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ client_id: config.clientId, client_secret: config.clientSecret, ...form }),
      },
      { timeoutMs: config.timeoutMs },
    );
    const answer = await jsonBody<{ access_token?: string; refresh_token?: string; expires_in?: number; scope?: string } & GoogleError>(response);
    if (response.ok && answer?.access_token) {
      return { accessToken: answer.access_token, refreshToken: answer.refresh_token, expiresInSeconds: answer.expires_in ?? 3599, scope: answer.scope ?? "" };
    }
    if (response.status >= 500 || response.status === 429) throw apiError(response.status, answer);
    const code = typeof answer?.error === "string" ? answer.error : undefined;
    if (code === "invalid_grant" || form.grant_type === "refresh_token") throw reconnectError("youtube", code);
    throw new PublishingError("youtube", "rejected", "Google refused the connection. Try connecting again.", code);
  }

  /** Asks the session how much arrived (PUT with "bytes *\/total"): the next byte to send, or the finished video. */
  async function resumePoint(sessionUri: string, size: number, signal?: AbortSignal): Promise<number | VideoResource> {
    const response = await platformFetch("youtube", sessionUri, { method: "PUT", headers: { "content-range": `bytes */${size}` } }, { timeoutMs: config.timeoutMs, signal });
    if (response.status === 200 || response.status === 201) return (await response.json()) as VideoResource;
    if (response.status === 308) return nextByte(response);
    // 404/410: the session expired (a week); start a new one.
    if (response.status === 404 || response.status === 410) return -1;
    throw apiError(response.status, await jsonBody<GoogleError>(response));
  }

  return {
    platform: "youtube",

    authorizeUrl({ state, codeVerifier, redirectUri }) {
      const url = new URL("/o/oauth2/v2/auth", config.accountsBaseUrl);
      url.search = new URLSearchParams({
        client_id: config.clientId,
        redirect_uri: redirectUri,
        response_type: "code",
        scope: YOUTUBE_SCOPES.join(" "),
        // offline + consent: Google returns a refresh token every time the merchant connects.
        access_type: "offline",
        prompt: "consent",
        include_granted_scopes: "true",
        state,
        code_challenge: createHash("sha256").update(codeVerifier).digest("base64url"),
        code_challenge_method: "S256",
      }).toString();
      return url.toString();
    },

    exchangeCode: ({ code, codeVerifier, redirectUri }) => token({ grant_type: "authorization_code", code, code_verifier: codeVerifier, redirect_uri: redirectUri }),

    refresh: (refreshToken) => token({ grant_type: "refresh_token", refresh_token: refreshToken }),

    async profile(accessToken): Promise<PlatformProfile> {
      const list = await api<{ items?: Array<{ id: string; snippet?: { title?: string; customUrl?: string } }> }>(
        `${base(config.apiBaseUrl)}/youtube/v3/channels?part=snippet&mine=true`,
        accessToken,
      );
      const channel = list.items?.[0];
      if (!channel) throw new PublishingError("youtube", "rejected", "This Google account has no YouTube channel. Create one on YouTube, then connect again.", "noChannel");
      return { externalId: channel.id, displayName: channel.snippet?.title ?? "YouTube channel", handle: channel.snippet?.customUrl };
    },

    async upload(input: UploadInput): Promise<UploadResult> {
      const size = input.video.length;
      let sessionUri = input.uploadRef;
      let offset = 0;
      if (sessionUri) {
        const point = await resumePoint(sessionUri, size, input.signal);
        if (typeof point !== "number") return { uploadRef: sessionUri, externalId: point.id };
        if (point < 0) sessionUri = undefined;
        else offset = point;
      }
      if (!sessionUri) {
        const meta = youtubeMetadata(input.post);
        const response = await platformFetch(
          "youtube",
          `${base(config.apiBaseUrl)}/upload/youtube/v3/videos?uploadType=resumable&part=snippet,status`,
          {
            method: "POST",
            headers: {
              authorization: `Bearer ${input.accessToken}`,
              "content-type": "application/json; charset=UTF-8",
              "x-upload-content-length": String(size),
              "x-upload-content-type": input.mimeType,
            },
            body: JSON.stringify({
              snippet: { title: meta.title, description: meta.description, tags: meta.tags, categoryId: "22" },
              status: { privacyStatus: "public", selfDeclaredMadeForKids: false, containsSyntheticMedia: true },
            }),
          },
          { timeoutMs: config.timeoutMs, signal: input.signal },
        );
        const location = response.headers.get("location");
        if (!response.ok || !location) throw apiError(response.status, await jsonBody<GoogleError>(response));
        sessionUri = location;
        await input.saveUploadRef(sessionUri);
      }
      while (offset < size) {
        const end = Math.min(offset + chunkBytes, size);
        const response = await platformFetch(
          "youtube",
          sessionUri,
          { method: "PUT", headers: { "content-type": input.mimeType, "content-range": `bytes ${offset}-${end - 1}/${size}` }, body: new Uint8Array(input.video.subarray(offset, end)) },
          { timeoutMs: config.timeoutMs * 4, signal: input.signal },
        );
        if (response.status === 200 || response.status === 201) {
          const video = (await response.json()) as VideoResource;
          return { uploadRef: sessionUri, externalId: video.id };
        }
        if (response.status !== 308) throw apiError(response.status, await jsonBody<GoogleError>(response));
        // Google says how much it kept; continue from there (it may be less than was sent).
        offset = nextByte(response);
      }
      const point = await resumePoint(sessionUri, size, input.signal);
      if (typeof point === "number") throw new PublishingError("youtube", "platform_unavailable", "YouTube did not confirm the upload. Glint will try again.");
      return { uploadRef: sessionUri, externalId: point.id };
    },

    async status(input: StatusInput): Promise<PostStatus> {
      if (!input.externalId) return { state: "processing" };
      const list = await api<{ items?: VideoResource[] }>(
        `${base(config.apiBaseUrl)}/youtube/v3/videos?part=status,processingDetails&id=${encodeURIComponent(input.externalId)}`,
        input.accessToken,
        input.signal,
      );
      const video = list.items?.[0];
      if (!video) return { state: "failed", code: "not_found", message: "The video is no longer on YouTube (it was deleted or removed)." };
      const upload = video.status?.uploadStatus;
      const processing = video.processingDetails?.processingStatus;
      if (upload === "failed" || upload === "rejected" || processing === "failed" || processing === "terminated") {
        const reason = video.status?.failureReason ?? video.status?.rejectionReason ?? video.processingDetails?.processingFailureReason ?? "other";
        return { state: "failed", code: reason, message: `YouTube could not process the video (${reason}).` };
      }
      if (upload === "processed" || processing === "succeeded") {
        return { state: "published", externalId: video.id, url: `${base(config.watchBaseUrl)}/watch?v=${encodeURIComponent(video.id)}` };
      }
      return { state: "processing" };
    },

    async revoke(token) {
      await platformFetch("youtube", `${base(config.oauthBaseUrl)}/revoke?token=${encodeURIComponent(token)}`, { method: "POST" }, { timeoutMs: config.timeoutMs });
    },
  };
}

/** From a 308's Range header ("bytes=0-N"): the first byte Google does not have. */
function nextByte(response: Response): number {
  const range = /bytes=0-(\d+)/.exec(response.headers.get("range") ?? "");
  return range ? Number(range[1]) + 1 : 0;
}

function apiError(httpStatus: number, body: GoogleError | undefined): PublishingError {
  const error = typeof body?.error === "object" ? body.error : undefined;
  const reason = error?.errors?.[0]?.reason ?? (typeof body?.error === "string" ? body.error : undefined);
  if (httpStatus === 401) return new PublishingError("youtube", "auth_expired", "YouTube refused the access token.", reason);
  if (reason === "insufficientPermissions" || reason === "forbidden") return reconnectError("youtube", reason);
  if (reason === "quotaExceeded" || reason === "uploadLimitExceeded" || reason === "dailyLimitExceeded") {
    return new PublishingError("youtube", "quota_exceeded", "YouTube's upload limit for today is reached. Try again tomorrow.", reason);
  }
  if (httpStatus === 429 || reason === "rateLimitExceeded" || reason === "userRateLimitExceeded") {
    return new PublishingError("youtube", "rate_limited", "YouTube asks Glint to slow down. Glint will try again shortly.", reason);
  }
  if (httpStatus >= 500) return new PublishingError("youtube", "platform_unavailable", "YouTube is having problems. Glint will try again.", reason);
  return new PublishingError("youtube", "rejected", `YouTube refused the video: ${error?.message ?? reason ?? `HTTP ${httpStatus}`}`, reason);
}
