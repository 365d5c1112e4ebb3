/**
 * TikTok simulator: Login Kit for Web (OAuth 2.0 v2) and the Content Posting API's direct post
 * with FILE_UPLOAD, on one loopback origin that stands for both www.tiktok.com and
 * open.tiktokapis.com (and the upload host):
 *   GET|POST /v2/auth/authorize/             consent page → redirect_uri?code&scopes&state (or error=access_denied)
 *   POST /v2/oauth/token/                     form: authorization_code | refresh_token (refresh token rotates)
 *   POST /v2/oauth/revoke/                    form: token
 *   GET  /v2/user/info/?fields=…              { data: { user }, error }
 *   POST /v2/post/publish/creator_info/query/ privacy options, username
 *   POST /v2/post/publish/video/init/         { post_info, source_info: FILE_UPLOAD } → publish_id, upload_url
 *   PUT  /upload/video/?upload_id=…           Content-Range chunks, in order: 206 until the last, then 201
 *   POST /v2/post/publish/status/fetch/       PROCESSING_UPLOAD → PUBLISH_COMPLETE | FAILED (fail_reason)
 * API errors use TikTok's envelope { data: {}, error: { code, message, log_id } } (code "ok" on
 * success); OAuth errors are { error, error_description, log_id }. Chunk rules are TikTok's: each
 * chunk 5–64 MB, total_chunk_count = floor(video_size / chunk_size), a video under 5 MB in one chunk.
 *
 * Control (tests, demo): POST /_sim/revoke (the user removes the app: every token dies),
 * POST /_sim/expire-tokens (access tokens expire, refresh tokens stay), GET /_sim/posts.
 */
import { createHash, randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { readBody, requestUrl, sendBytes, sendJson, startHttpServer } from "../shared/http";
import { bearerToken, handleAuthorize, handleGrantControl, OAuthGrants, type AuthorizeOptions } from "../shared/oauth-grants";

export interface TikTokSimOptions {
  port?: number;
  clientKey: string;
  clientSecret: string;
  /** How long a post stays in PROCESSING_UPLOAD after its last chunk. */
  processingMs?: number;
  /** TikTok's defaults: access tokens 24 h, refresh tokens 365 days. */
  accessTokenSeconds?: number;
  creator?: { username: string; nickname: string };
}

export interface TikTokPost {
  publishId: string;
  postId?: string;
  title: string;
  privacyLevel: string;
  isAigc: boolean;
  videoSize: number;
  sha256?: string;
  status: "PROCESSING_UPLOAD" | "PUBLISH_COMPLETE" | "FAILED";
  failReason?: string;
}

export interface TikTokSim {
  url: string;
  openId: string;
  posts(): TikTokPost[];
  revokeAll(): void;
  expireAccessTokens(): void;
  close(): Promise<void>;
}

export const TIKTOK_SCOPES = ["user.info.basic", "video.publish"];
const MB = 1024 * 1024;
const CHUNK_MIN = 5 * MB;
const CHUNK_MAX = 64 * MB;
const FINAL_CHUNK_MAX = 128 * MB;
const PRIVACY_OPTIONS = ["PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY"];

interface Upload {
  post: TikTokPost;
  chunkSize: number;
  totalChunks: number;
  received: Buffer[];
  receivedBytes: number;
  completedAt?: number;
}

export async function startTikTokSim(options: TikTokSimOptions): Promise<TikTokSim> {
  const grants = new OAuthGrants(
    { accessSeconds: options.accessTokenSeconds ?? 86_400, refreshSeconds: 365 * 86_400 },
    { access: "act.", refresh: "rft.", code: "" },
  );
  const openId = `-000${randomBytes(12).toString("hex")}`;
  const creator = options.creator ?? { username: "glint.demo", nickname: "Glint Demo Creator" };
  const processingMs = options.processingMs ?? 300;
  const uploads = new Map<string, Upload>();
  let origin = "";
  const authorizeOptions: AuthorizeOptions = {
    platform: "TikTok",
    path: "/v2/auth/authorize/",
    clientParam: "client_key",
    clientId: options.clientKey,
    scopeSeparator: ",",
    knownScopes: TIKTOK_SCOPES,
    grantedScopeParam: "scopes",
    denialDescription: "The user denied the authorization request.",
  };

  const logId = () => `2026${randomBytes(12).toString("hex").toUpperCase()}`;
  const apiError = (res: ServerResponse, status: number, code: string, message: string) =>
    sendJson(res, status, { data: {}, error: { code, message, log_id: logId() } });
  const apiOk = (res: ServerResponse, data: unknown) => sendJson(res, 200, { data, error: { code: "ok", message: "", log_id: logId() } });
  const oauthError = (res: ServerResponse, error: string, description: string) =>
    sendJson(res, 400, { error, error_description: description, log_id: logId() });

  /** The caller's scopes, or an access_token_invalid answer already sent. */
  function authorize(req: IncomingMessage, res: ServerResponse, needed: string): boolean {
    const scope = grants.verify(bearerToken(req.headers.authorization));
    if (scope === undefined) {
      apiError(res, 401, "access_token_invalid", "The access token is invalid or not found in the request.");
      return false;
    }
    if (!scope.split(",").includes(needed)) {
      apiError(res, 401, "scope_not_authorized", `The user did not authorize the scope required for completing this request: ${needed}.`);
      return false;
    }
    return true;
  }

  async function token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = new URLSearchParams((await readBody(req)).toString("utf8"));
    if (form.get("client_key") !== options.clientKey || form.get("client_secret") !== options.clientSecret) {
      return oauthError(res, "invalid_client", "Client key or secret is incorrect.");
    }
    const grantType = form.get("grant_type");
    const issued =
      grantType === "authorization_code"
        ? grants.exchangeCode({
            code: form.get("code") ?? "",
            clientId: options.clientKey,
            redirectUri: form.get("redirect_uri") ?? undefined,
            codeVerifier: form.get("code_verifier") ?? undefined,
          })
        : grantType === "refresh_token"
          ? grants.refreshTokens(form.get("refresh_token") ?? "", true)
          : undefined;
    if (issued === undefined) return oauthError(res, "invalid_request", `Unsupported grant_type: ${grantType}.`);
    if (typeof issued === "string") {
      const description = issued === "redirect_uri_mismatch" ? "Redirect URI does not match the one used for authorization." : "Authorization code or refresh token is expired or invalid.";
      return oauthError(res, "invalid_grant", description);
    }
    sendJson(res, 200, {
      access_token: issued.accessToken,
      expires_in: issued.expiresIn,
      open_id: openId,
      refresh_expires_in: issued.refreshExpiresIn,
      refresh_token: issued.refreshToken,
      scope: issued.scope,
      token_type: "Bearer",
    });
  }

  async function initVideo(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!authorize(req, res, "video.publish")) return;
    let body: { post_info?: Record<string, unknown>; source_info?: Record<string, unknown> };
    try {
      body = JSON.parse((await readBody(req)).toString("utf8")) as typeof body;
    } catch {
      return apiError(res, 400, "invalid_params", "The request body is not valid JSON.");
    }
    const source = body.source_info ?? {};
    const post = body.post_info ?? {};
    if (source.source !== "FILE_UPLOAD") return apiError(res, 400, "invalid_params", "source_info.source must be FILE_UPLOAD or PULL_FROM_URL.");
    const privacy = String(post.privacy_level ?? "");
    if (!PRIVACY_OPTIONS.includes(privacy)) return apiError(res, 400, "privacy_level_option_mismatch", "privacy_level is not one of the creator's privacy_level_options.");
    const title = String(post.title ?? "");
    if ([...title].length > 2200) return apiError(res, 400, "invalid_params", "post_info.title is longer than 2200 characters.");
    const videoSize = Number(source.video_size);
    const chunkSize = Number(source.chunk_size);
    const totalChunks = Number(source.total_chunk_count);
    const problem = chunkProblem(videoSize, chunkSize, totalChunks);
    if (problem) return apiError(res, 400, "invalid_params", problem);

    const publishId = `v_pub_file~v2-1.${randomBytes(9).toString("hex")}`;
    const uploadId = randomBytes(12).toString("hex");
    uploads.set(uploadId, {
      post: { publishId, title, privacyLevel: privacy, isAigc: post.is_aigc === true, videoSize, status: "PROCESSING_UPLOAD" },
      chunkSize,
      totalChunks,
      received: [],
      receivedBytes: 0,
    });
    apiOk(res, { publish_id: publishId, upload_url: `${origin}/upload/video/?upload_id=${uploadId}&upload_token=${randomBytes(16).toString("hex")}` });
  }

  async function putChunk(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const upload = uploads.get(url.searchParams.get("upload_id") ?? "");
    if (!upload) return apiError(res, 404, "invalid_params", "The upload URL is invalid or has expired.");
    const bytes = await readBody(req, FINAL_CHUNK_MAX + MB);
    const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(String(req.headers["content-range"] ?? ""));
    if (!range) return apiError(res, 400, "invalid_params", "Content-Range must be bytes {first}-{last}/{total}.");
    const [first, last, total] = range.slice(1).map(Number);
    const index = upload.received.length;
    const isFinal = index === upload.totalChunks - 1;
    const expectedLast = isFinal ? upload.post.videoSize - 1 : first + upload.chunkSize - 1;
    if (total !== upload.post.videoSize || first !== upload.receivedBytes || last !== expectedLast || bytes.length !== last - first + 1) {
      return apiError(res, 416, "invalid_params", `Chunk ${index + 1} must be bytes ${upload.receivedBytes}-${expectedLast}/${upload.post.videoSize}, sent in order.`);
    }
    upload.received.push(bytes);
    upload.receivedBytes += bytes.length;
    if (!isFinal) {
      res.writeHead(206, { "content-length": 0 });
      return void res.end();
    }
    const video = Buffer.concat(upload.received);
    upload.received = [];
    upload.post.sha256 = createHash("sha256").update(video).digest("hex");
    upload.completedAt = Date.now();
    // An MP4 starts with an ftyp box; anything else fails TikTok's format check.
    if (video.subarray(4, 8).toString("latin1") !== "ftyp") {
      upload.post.status = "FAILED";
      upload.post.failReason = "file_format_check_failed";
    }
    res.writeHead(201, { "content-length": 0 });
    res.end();
  }

  async function fetchStatus(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!authorize(req, res, "video.publish")) return;
    const body = JSON.parse((await readBody(req)).toString("utf8") || "{}") as { publish_id?: string };
    const upload = [...uploads.values()].find((u) => u.post.publishId === body.publish_id);
    if (!upload) return apiError(res, 400, "invalid_params", "publish_id does not exist.");
    const { post } = upload;
    if (post.status === "PROCESSING_UPLOAD" && upload.completedAt !== undefined && Date.now() - upload.completedAt >= processingMs) {
      post.status = "PUBLISH_COMPLETE";
      post.postId = String(7_300_000_000_000_000_000n + BigInt(`0x${randomBytes(6).toString("hex")}`));
    }
    const data = {
      status: post.status,
      uploaded_bytes: upload.receivedBytes,
      ...(post.failReason ? { fail_reason: post.failReason } : {}),
      // TikTok's own spelling; the ids are bare int64 numbers, beyond what a JS number holds exactly.
      ...(post.postId ? { publicaly_available_post_id: [post.postId] } : {}),
    };
    const text = JSON.stringify({ data, error: { code: "ok", message: "", log_id: logId() } });
    sendBytes(res, 200, post.postId ? text.replace(`["${post.postId}"]`, `[${post.postId}]`) : text, "application/json; charset=utf-8");
  }

  const server = await startHttpServer(
    async (req, res) => {
      const url = requestUrl(req);
      const route = `${req.method} ${url.pathname}`;
      switch (route) {
        case "GET /v2/auth/authorize/":
        case "POST /v2/auth/authorize/":
          return handleAuthorize(grants, authorizeOptions, req, res, url);
        case "POST /v2/oauth/token/":
          return token(req, res);
        case "POST /v2/oauth/revoke/": {
          const form = new URLSearchParams((await readBody(req)).toString("utf8"));
          if (form.get("client_key") !== options.clientKey || form.get("client_secret") !== options.clientSecret) {
            return oauthError(res, "invalid_client", "Client key or secret is incorrect.");
          }
          grants.revokeAll();
          return sendJson(res, 200, {});
        }
        case "GET /v2/user/info/": {
          if (!authorize(req, res, "user.info.basic")) return;
          const fields = (url.searchParams.get("fields") ?? "open_id").split(",");
          const user: Record<string, string> = { open_id: openId, union_id: `u${openId}`, display_name: creator.nickname, avatar_url: `${origin}/avatar.png` };
          return apiOk(res, { user: Object.fromEntries(fields.filter((f) => f in user).map((f) => [f, user[f]])) });
        }
        case "POST /v2/post/publish/creator_info/query/":
          if (!authorize(req, res, "video.publish")) return;
          return apiOk(res, {
            creator_avatar_url: `${origin}/avatar.png`,
            creator_username: creator.username,
            creator_nickname: creator.nickname,
            privacy_level_options: PRIVACY_OPTIONS,
            comment_disabled: false,
            duet_disabled: false,
            stitch_disabled: false,
            max_video_post_duration_sec: 600,
          });
        case "POST /v2/post/publish/video/init/":
          return initVideo(req, res);
        case "PUT /upload/video/":
          return putChunk(req, res, url);
        case "POST /v2/post/publish/status/fetch/":
          return fetchStatus(req, res);
        case "GET /_sim/posts":
          return sendJson(res, 200, { posts: [...uploads.values()].map((u) => u.post) });
      }
      if (handleGrantControl(grants, route, res)) return;
      const page = /^\/@([^/]+)\/video\/(\d+)$/.exec(url.pathname);
      if (req.method === "GET" && page) {
        return sendBytes(res, 200, `<!doctype html><title>TikTok</title><p>@${page[1]} · video ${page[2]}</p>`, "text/html; charset=utf-8");
      }
      apiError(res, 404, "invalid_params", `No route for ${route}.`);
    },
    { port: options.port },
  );
  origin = server.url;
  return {
    url: server.url,
    openId,
    posts: () => [...uploads.values()].map((u) => ({ ...u.post })),
    revokeAll: () => grants.revokeAll(),
    expireAccessTokens: () => grants.expireAccessTokens(),
    close: () => server.close(),
  };
}

/** TikTok's media transfer rules for FILE_UPLOAD; undefined when the declared sizes are acceptable. */
export function chunkProblem(videoSize: number, chunkSize: number, totalChunks: number): string | undefined {
  if (![videoSize, chunkSize, totalChunks].every((n) => Number.isInteger(n) && n > 0)) {
    return "source_info needs positive integers video_size, chunk_size and total_chunk_count.";
  }
  if (videoSize < CHUNK_MIN) {
    return chunkSize === videoSize && totalChunks === 1 ? undefined : "A video under 5 MB must be uploaded as a whole: chunk_size = video_size, total_chunk_count = 1.";
  }
  if (chunkSize < CHUNK_MIN || chunkSize > CHUNK_MAX) return "chunk_size must be between 5 MB and 64 MB.";
  if (totalChunks !== Math.floor(videoSize / chunkSize)) return "total_chunk_count must be video_size / chunk_size rounded down.";
  if (totalChunks > 1000) return "At most 1000 chunks.";
  if (videoSize - chunkSize * (totalChunks - 1) > FINAL_CHUNK_MAX) return "The final chunk may be at most 128 MB.";
  return undefined;
}
