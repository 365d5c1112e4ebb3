/**
 * YouTube simulator: Google OAuth 2.0 for web server apps and the YouTube Data API v3 subset Glint
 * uses, on one loopback origin standing for accounts.google.com, oauth2.googleapis.com and
 * www.googleapis.com:
 *   GET|POST /o/oauth2/v2/auth      consent page → redirect_uri?code&scope&state (or error=access_denied); PKCE S256
 *   POST /token                      form: authorization_code | refresh_token (the refresh token is kept)
 *   POST /revoke?token=…
 *   GET  /youtube/v3/channels?part=snippet&mine=true
 *   POST /upload/youtube/v3/videos?uploadType=resumable&part=snippet,status   → 200 + Location (session URI)
 *   PUT  <session URI>               whole body or chunks (Content-Range; 308 + Range until complete;
 *                                    "bytes *\/total" asks how much arrived) → 200 with the video resource
 *   GET  /youtube/v3/videos?part=status,processingDetails&id=…   uploadStatus uploaded → processed,
 *                                    processingStatus processing → succeeded (or failed for a non-MP4)
 * API errors are Google's { error: { code, message, errors: [{ message, domain, reason }], status } }:
 * 401 authError for a missing, expired or revoked token. OAuth errors are { error, error_description }.
 *
 * Control: POST /_sim/revoke, POST /_sim/expire-tokens, GET /_sim/videos.
 */
import { createHash, randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { readBody, requestUrl, sendBytes, sendJson, startHttpServer } from "../shared/http";
import { bearerToken, handleAuthorize, handleGrantControl, OAuthGrants, type AuthorizeOptions } from "../shared/oauth-grants";

export interface YouTubeSimOptions {
  port?: number;
  clientId: string;
  clientSecret: string;
  /** How long a finished upload stays in processingStatus "processing". */
  processingMs?: number;
  /** Google's default: 3599 s. */
  accessTokenSeconds?: number;
  channel?: { title: string; customUrl: string };
}

export interface YouTubeVideo {
  id: string;
  channelId: string;
  title: string;
  description: string;
  tags: string[];
  privacyStatus: string;
  bytes: number;
  sha256: string;
  uploadedAt: number;
  failed: boolean;
}

export interface YouTubeSim {
  url: string;
  channelId: string;
  videos(): YouTubeVideo[];
  revokeAll(): void;
  expireAccessTokens(): void;
  close(): Promise<void>;
}

export const YOUTUBE_SCOPES = {
  upload: "https://www.googleapis.com/auth/youtube.upload",
  readonly: "https://www.googleapis.com/auth/youtube.readonly",
};
/** Resumable chunks other than the last must be multiples of 256 KiB. */
const CHUNK_UNIT = 256 * 1024;

interface Session {
  resource: { snippet: { title: string; description: string; tags: string[]; categoryId: string }; status: { privacyStatus: string; selfDeclaredMadeForKids: boolean } };
  total?: number;
  contentType: string;
  received: Buffer[];
  receivedBytes: number;
  video?: YouTubeVideo;
}

const GOOGLE_STATUS: Record<number, string> = { 400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED", 404: "NOT_FOUND" };

export async function startYouTubeSim(options: YouTubeSimOptions): Promise<YouTubeSim> {
  const grants = new OAuthGrants({ accessSeconds: options.accessTokenSeconds ?? 3599, refreshSeconds: 180 * 86_400 }, { access: "ya29.", refresh: "1//", code: "4/" });
  const channelId = `UC${randomBytes(16).toString("base64url").slice(0, 22)}`;
  const channel = options.channel ?? { title: "Glint Demo Channel", customUrl: "@glintdemo" };
  const processingMs = options.processingMs ?? 300;
  const sessions = new Map<string, Session>();
  const videos = new Map<string, YouTubeVideo>();
  let origin = "";
  const authorizeOptions: AuthorizeOptions = {
    platform: "Google",
    path: "/o/oauth2/v2/auth",
    clientParam: "client_id",
    clientId: options.clientId,
    scopeSeparator: " ",
    knownScopes: Object.values(YOUTUBE_SCOPES),
    grantedScopeParam: "scope",
  };

  function apiError(res: ServerResponse, code: number, reason: string, message: string, extra: Record<string, string> = {}): void {
    sendJson(res, code, { error: { code, message, errors: [{ message, domain: reason === "authError" ? "global" : "youtube.api", reason, ...extra }], status: GOOGLE_STATUS[code] ?? "UNKNOWN" } });
  }

  function authorize(req: IncomingMessage, res: ServerResponse, anyOf: string[]): boolean {
    const scope = grants.verify(bearerToken(req.headers.authorization));
    if (scope === undefined) {
      apiError(
        res,
        401,
        "authError",
        "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.",
        { location: "Authorization", locationType: "header" },
      );
      return false;
    }
    if (!scope.split(" ").some((s) => anyOf.includes(s))) {
      apiError(res, 403, "insufficientPermissions", "Request had insufficient authentication scopes.");
      return false;
    }
    return true;
  }

  async function token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = new URLSearchParams((await readBody(req)).toString("utf8"));
    if (form.get("client_id") !== options.clientId || form.get("client_secret") !== options.clientSecret) {
      return sendJson(res, 401, { error: "invalid_client", error_description: "The OAuth client was not found." });
    }
    const grantType = form.get("grant_type");
    if (grantType === "authorization_code") {
      const issued = grants.exchangeCode({
        code: form.get("code") ?? "",
        clientId: options.clientId,
        redirectUri: form.get("redirect_uri") ?? undefined,
        codeVerifier: form.get("code_verifier") ?? undefined,
      });
      if (issued === "redirect_uri_mismatch") return sendJson(res, 400, { error: "redirect_uri_mismatch", error_description: "Bad Request" });
      if (typeof issued === "string") return sendJson(res, 400, { error: "invalid_grant", error_description: issued === "invalid_pkce" ? "Invalid code verifier." : "Malformed auth code." });
      return sendJson(res, 200, { access_token: issued.accessToken, expires_in: issued.expiresIn, refresh_token: issued.refreshToken, scope: issued.scope, token_type: "Bearer" });
    }
    if (grantType === "refresh_token") {
      const issued = grants.refreshTokens(form.get("refresh_token") ?? "", false);
      if (issued === "invalid_grant") return sendJson(res, 400, { error: "invalid_grant", error_description: "Token has been expired or revoked." });
      return sendJson(res, 200, { access_token: issued.accessToken, expires_in: issued.expiresIn, scope: issued.scope, token_type: "Bearer" });
    }
    sendJson(res, 400, { error: "unsupported_grant_type", error_description: `Invalid grant_type: ${grantType}` });
  }

  async function startUpload(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (!authorize(req, res, [YOUTUBE_SCOPES.upload])) return;
    if (url.searchParams.get("uploadType") !== "resumable") return apiError(res, 400, "invalidUploadType", "Only uploadType=resumable is supported here.");
    const parts = (url.searchParams.get("part") ?? "").split(",");
    if (!parts.includes("snippet") || !parts.includes("status")) return apiError(res, 400, "unexpectedPart", "part must include snippet and status.");
    let body: { snippet?: Record<string, unknown>; status?: Record<string, unknown> };
    try {
      body = JSON.parse((await readBody(req)).toString("utf8") || "{}") as typeof body;
    } catch {
      return apiError(res, 400, "parseError", "Parse Error");
    }
    const title = String(body.snippet?.title ?? "");
    const description = String(body.snippet?.description ?? "");
    const tags = Array.isArray(body.snippet?.tags) ? (body.snippet.tags as unknown[]).map(String) : [];
    const privacyStatus = String(body.status?.privacyStatus ?? "public");
    if (!title.trim()) return apiError(res, 400, "invalidTitle", "The request metadata specifies an invalid or empty video title.");
    if ([...title].length > 100 || /[<>]/.test(title)) return apiError(res, 400, "invalidTitle", "The request metadata specifies an invalid video title.");
    if (Buffer.byteLength(description) > 5000 || /[<>]/.test(description)) return apiError(res, 400, "invalidDescription", "The request metadata specifies an invalid video description.");
    if (tags.join(",").length > 500) return apiError(res, 400, "invalidTags", "The request metadata specifies invalid video keywords.");
    if (!["public", "unlisted", "private"].includes(privacyStatus)) return apiError(res, 400, "invalidVideoMetadata", "The request metadata is invalid.");
    const declared = req.headers["x-upload-content-length"];
    const id = randomBytes(16).toString("hex");
    sessions.set(id, {
      resource: {
        snippet: { title, description, tags, categoryId: String(body.snippet?.categoryId ?? "22") },
        status: { privacyStatus, selfDeclaredMadeForKids: body.status?.selfDeclaredMadeForKids === true },
      },
      total: declared ? Number(declared) : undefined,
      contentType: String(req.headers["x-upload-content-type"] ?? "video/*"),
      received: [],
      receivedBytes: 0,
    });
    res.writeHead(200, { location: `${origin}/upload/youtube/v3/videos?uploadType=resumable&part=snippet,status&upload_id=${id}`, "content-length": 0 });
    res.end();
  }

  async function putUpload(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    const session = sessions.get(id);
    if (!session) return apiError(res, 404, "notFound", "The upload session does not exist or has expired.");
    if (session.video) return sendJson(res, 200, videoResource(session.video, ["snippet", "status"]));
    const bytes = await readBody(req, 512 * 1024 * 1024);
    const header = String(req.headers["content-range"] ?? "");
    const incomplete = () => {
      const headers: Record<string, string | number> = { "content-length": 0 };
      if (session.receivedBytes > 0) headers.range = `bytes=0-${session.receivedBytes - 1}`;
      res.writeHead(308, headers);
      res.end();
    };
    let total = session.total;
    if (header) {
      const query = /^bytes \*\/(\d+|\*)$/.exec(header);
      if (query) return incomplete();
      const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(header);
      if (!range) return apiError(res, 400, "badContent", "Content-Range must be bytes first-last/total.");
      const [first, last] = [Number(range[1]), Number(range[2])];
      if (range[3] !== "*") total = Number(range[3]);
      if (first !== session.receivedBytes || bytes.length !== last - first + 1) {
        return apiError(res, 400, "badContent", `Expected bytes starting at ${session.receivedBytes}.`);
      }
      const final = total !== undefined && last + 1 === total;
      if (!final && bytes.length % CHUNK_UNIT !== 0) return apiError(res, 400, "badContent", "Chunks other than the last must be a multiple of 256 KiB.");
    } else {
      total = bytes.length;
    }
    session.received.push(bytes);
    session.receivedBytes += bytes.length;
    if (total === undefined || session.receivedBytes < total) return incomplete();

    const video = Buffer.concat(session.received);
    session.received = [];
    const record: YouTubeVideo = {
      id: randomBytes(8).toString("base64url").slice(0, 11),
      channelId,
      title: session.resource.snippet.title,
      description: session.resource.snippet.description,
      tags: session.resource.snippet.tags,
      privacyStatus: session.resource.status.privacyStatus,
      bytes: video.length,
      sha256: createHash("sha256").update(video).digest("hex"),
      uploadedAt: Date.now(),
      // YouTube accepts any bytes, then fails them in processing when they are not a video.
      failed: video.subarray(4, 8).toString("latin1") !== "ftyp",
    };
    session.video = record;
    videos.set(record.id, record);
    sendJson(res, 200, videoResource(record, ["snippet", "status"]));
  }

  function videoResource(video: YouTubeVideo, parts: string[]): Record<string, unknown> {
    const processed = Date.now() - video.uploadedAt >= processingMs;
    const resource: Record<string, unknown> = { kind: "youtube#video", etag: createHash("md5").update(video.id).digest("base64url"), id: video.id };
    if (parts.includes("snippet")) {
      resource.snippet = {
        publishedAt: new Date(video.uploadedAt).toISOString(),
        channelId: video.channelId,
        title: video.title,
        description: video.description,
        tags: video.tags,
        categoryId: "22",
        channelTitle: channel.title,
      };
    }
    if (parts.includes("status")) {
      resource.status = {
        uploadStatus: video.failed ? "failed" : processed ? "processed" : "uploaded",
        ...(video.failed ? { failureReason: "invalidFile" } : {}),
        privacyStatus: video.privacyStatus,
        license: "youtube",
        embeddable: true,
        publicStatsViewable: true,
        selfDeclaredMadeForKids: false,
      };
    }
    if (parts.includes("processingDetails")) {
      resource.processingDetails = video.failed
        ? { processingStatus: "failed", processingFailureReason: "transcodeFailed" }
        : processed
          ? { processingStatus: "succeeded" }
          : { processingStatus: "processing", processingProgress: { partsTotal: "100", partsProcessed: "40", timeLeftMs: String(processingMs) } };
    }
    return resource;
  }

  const listResponse = (kind: string, items: unknown[]) => ({ kind, etag: randomBytes(8).toString("base64url"), pageInfo: { totalResults: items.length, resultsPerPage: items.length }, items });

  const server = await startHttpServer(
    async (req, res) => {
      const url = requestUrl(req);
      const route = `${req.method} ${url.pathname}`;
      switch (route) {
        case "GET /o/oauth2/v2/auth":
        case "POST /o/oauth2/v2/auth":
          return handleAuthorize(grants, authorizeOptions, req, res, url);
        case "POST /token":
          return token(req, res);
        case "POST /revoke": {
          const form = new URLSearchParams((await readBody(req)).toString("utf8"));
          const revoked = grants.revokeToken(url.searchParams.get("token") ?? form.get("token") ?? "");
          return revoked ? sendJson(res, 200, {}) : sendJson(res, 400, { error: "invalid_token", error_description: "Token expired or revoked" });
        }
        case "GET /youtube/v3/channels": {
          if (!authorize(req, res, [YOUTUBE_SCOPES.readonly, YOUTUBE_SCOPES.upload])) return;
          if (url.searchParams.get("mine") !== "true") return apiError(res, 400, "missingRequiredParameter", "No filter selected. Expected one of: mine, id, forHandle.");
          const item = { kind: "youtube#channel", etag: channelId, id: channelId, snippet: { title: channel.title, description: "", customUrl: channel.customUrl, publishedAt: "2024-01-01T00:00:00Z" } };
          return sendJson(res, 200, listResponse("youtube#channelListResponse", [item]));
        }
        case "POST /upload/youtube/v3/videos":
          return startUpload(req, res, url);
        case "PUT /upload/youtube/v3/videos":
          return putUpload(req, res, url.searchParams.get("upload_id") ?? "");
        case "GET /youtube/v3/videos": {
          if (!authorize(req, res, [YOUTUBE_SCOPES.readonly, YOUTUBE_SCOPES.upload])) return;
          const parts = (url.searchParams.get("part") ?? "").split(",");
          const ids = (url.searchParams.get("id") ?? "").split(",").filter(Boolean);
          const items = ids.map((id) => videos.get(id)).filter((v): v is YouTubeVideo => v !== undefined && v.channelId === channelId);
          return sendJson(res, 200, listResponse("youtube#videoListResponse", items.map((v) => videoResource(v, parts))));
        }
        case "GET /_sim/videos":
          return sendJson(res, 200, { videos: [...videos.values()] });
      }
      if (handleGrantControl(grants, route, res)) return;
      if (req.method === "GET" && url.pathname === "/watch") {
        return sendBytes(res, 200, `<!doctype html><title>YouTube</title><p>video ${url.searchParams.get("v") ?? ""}</p>`, "text/html; charset=utf-8");
      }
      apiError(res, 404, "notFound", `No route for ${route}.`);
    },
    { port: options.port },
  );
  origin = server.url;
  return {
    url: server.url,
    channelId,
    videos: () => [...videos.values()],
    revokeAll: () => grants.revokeAll(),
    expireAccessTokens: () => grants.expireAccessTokens(),
    close: () => server.close(),
  };
}
