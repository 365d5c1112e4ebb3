import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTikTokSim, type TikTokSim } from "./server";

const CLIENT = { clientKey: "sbawtestkey", clientSecret: "test-secret" };
const CLIENT_FORM = { client_key: CLIENT.clientKey, client_secret: CLIENT.clientSecret };
const REDIRECT = "https://app.example/channels/tiktok/callback";
const MB = 1024 * 1024;
let sim: TikTokSim;

beforeAll(async () => {
  sim = await startTikTokSim({ ...CLIENT, processingMs: 50 });
});
afterAll(() => sim.close());

/** Consent as the user: the page, then "Allow"; returns the redirect's query. */
async function consent(decision = "allow", state = "st-1"): Promise<URLSearchParams> {
  const query = new URLSearchParams({ client_key: CLIENT.clientKey, scope: "user.info.basic,video.publish", response_type: "code", redirect_uri: REDIRECT, state });
  const page = await fetch(`${sim.url}/v2/auth/authorize/?${query}`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain("Allow");
  query.set("decision", decision);
  const answer = await fetch(`${sim.url}/v2/auth/authorize/`, { method: "POST", body: query, redirect: "manual" });
  expect(answer.status).toBe(302);
  const location = new URL(answer.headers.get("location") ?? "");
  expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
  return location.searchParams;
}

async function token(form: Record<string, string>) {
  const response = await fetch(`${sim.url}/v2/oauth/token/`, { method: "POST", body: new URLSearchParams({ ...CLIENT_FORM, ...form }) });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

async function connect() {
  const code = (await consent()).get("code") ?? "";
  const { body } = await token({ grant_type: "authorization_code", code, redirect_uri: REDIRECT });
  return body;
}

async function api(path: string, accessToken: string, body?: unknown) {
  const response = await fetch(`${sim.url}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { authorization: `Bearer ${accessToken}`, "content-type": "application/json; charset=UTF-8" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const raw = await response.text();
  return { status: response.status, raw, body: JSON.parse(raw) as { data: Record<string, unknown>; error: { code: string; message: string; log_id: string } } };
}

function mp4(size: number): Buffer {
  const bytes = randomBytes(size);
  bytes.write("\u0000\u0000\u0000\u0018ftypisom", 0, "latin1");
  return bytes;
}

describe("TikTok simulator: Login Kit OAuth", () => {
  it("redirects back with code, scopes and the same state, and trades the code once", async () => {
    const query = await consent("allow", "state-xyz");
    expect(query.get("state")).toBe("state-xyz");
    expect(query.get("scopes")).toBe("user.info.basic,video.publish");
    const code = query.get("code") ?? "";
    const first = await token({ grant_type: "authorization_code", code, redirect_uri: REDIRECT });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ open_id: sim.openId, token_type: "Bearer", expires_in: 86400, scope: "user.info.basic,video.publish" });
    expect(first.body.access_token).toMatch(/^act\./);
    const again = await token({ grant_type: "authorization_code", code, redirect_uri: REDIRECT });
    expect(again).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
  });

  it("answers access_denied when the user cancels, and invalid_client for a wrong secret", async () => {
    const denied = await consent("deny");
    expect(denied.get("error")).toBe("access_denied");
    expect(denied.get("code")).toBeNull();
    const wrong = await fetch(`${sim.url}/v2/oauth/token/`, { method: "POST", body: new URLSearchParams({ ...CLIENT_FORM, client_secret: "nope", grant_type: "refresh_token", refresh_token: "x" }) });
    expect(((await wrong.json()) as { error: string }).error).toBe("invalid_client");
  });

  it("rotates the refresh token: the new one works, the spent one is invalid_grant", async () => {
    const tokens = await connect();
    const refreshed = await token({ grant_type: "refresh_token", refresh_token: tokens.refresh_token });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(tokens.refresh_token);
    expect((await token({ grant_type: "refresh_token", refresh_token: tokens.refresh_token })).body.error).toBe("invalid_grant");
    expect((await api("/v2/user/info/?fields=open_id,display_name", refreshed.body.access_token)).body.data).toEqual({ user: { open_id: sim.openId, display_name: "Glint Demo Creator" } });
  });
});

describe("TikTok simulator: Content Posting API", () => {
  it("takes a chunked FILE_UPLOAD in order (206 then 201) and publishes it after processing", async () => {
    const { access_token } = await connect();
    const video = mp4(11 * MB);
    // floor(11 / 5) = 2 chunks; the last carries the remainder (6 MB).
    const init = await api("/v2/post/publish/video/init/", access_token, {
      post_info: { title: "New mug #mug", privacy_level: "PUBLIC_TO_EVERYONE", is_aigc: true },
      source_info: { source: "FILE_UPLOAD", video_size: video.length, chunk_size: 5 * MB, total_chunk_count: 2 },
    });
    expect(init.body.error.code).toBe("ok");
    const { publish_id, upload_url } = init.body.data as { publish_id: string; upload_url: string };
    const put = (first: number, last: number) =>
      fetch(upload_url, { method: "PUT", headers: { "content-type": "video/mp4", "content-range": `bytes ${first}-${last}/${video.length}` }, body: new Uint8Array(video.subarray(first, last + 1)) });

    expect((await put(5 * MB, video.length - 1)).status).toBe(416);
    expect((await put(0, 5 * MB - 1)).status).toBe(206);
    const mid = await api("/v2/post/publish/status/fetch/", access_token, { publish_id });
    expect(mid.body.data).toMatchObject({ status: "PROCESSING_UPLOAD", uploaded_bytes: 5 * MB });
    expect((await put(5 * MB, video.length - 1)).status).toBe(201);

    await new Promise((r) => setTimeout(r, 80));
    const done = await api("/v2/post/publish/status/fetch/", access_token, { publish_id });
    expect(done.body.data.status).toBe("PUBLISH_COMPLETE");
    const posted = sim.posts().find((p) => p.publishId === publish_id);
    expect(posted).toMatchObject({ title: "New mug #mug", isAigc: true, videoSize: video.length });
    // The post id is a bare int64 in the JSON, as TikTok sends it.
    expect(done.raw).toContain(`"publicaly_available_post_id":[${posted?.postId}]`);
  });

  it("refuses chunk plans that break TikTok's rules", async () => {
    const { access_token } = await connect();
    const init = (source: Record<string, unknown>) =>
      api("/v2/post/publish/video/init/", access_token, { post_info: { title: "t", privacy_level: "SELF_ONLY" }, source_info: { source: "FILE_UPLOAD", ...source } });
    // Under 5 MB must go whole.
    expect((await init({ video_size: 3 * MB, chunk_size: MB, total_chunk_count: 3 })).body.error.code).toBe("invalid_params");
    // total_chunk_count must be floor(size / chunk).
    expect((await init({ video_size: 12 * MB, chunk_size: 5 * MB, total_chunk_count: 3 })).body.error.code).toBe("invalid_params");
    expect((await init({ video_size: 3 * MB, chunk_size: 3 * MB, total_chunk_count: 1 })).body.error.code).toBe("ok");
    const privacy = await api("/v2/post/publish/video/init/", access_token, { post_info: { title: "t", privacy_level: "EVERYONE" }, source_info: { source: "FILE_UPLOAD", video_size: 10, chunk_size: 10, total_chunk_count: 1 } });
    expect(privacy.body.error.code).toBe("privacy_level_option_mismatch");
  });

  it("fails a file that is not a video with fail_reason file_format_check_failed", async () => {
    const { access_token } = await connect();
    const bytes = randomBytes(2048);
    const init = await api("/v2/post/publish/video/init/", access_token, {
      post_info: { title: "t", privacy_level: "SELF_ONLY" },
      source_info: { source: "FILE_UPLOAD", video_size: bytes.length, chunk_size: bytes.length, total_chunk_count: 1 },
    });
    const { publish_id, upload_url } = init.body.data as { publish_id: string; upload_url: string };
    await fetch(upload_url, { method: "PUT", headers: { "content-range": `bytes 0-${bytes.length - 1}/${bytes.length}` }, body: new Uint8Array(bytes) });
    const status = await api("/v2/post/publish/status/fetch/", access_token, { publish_id });
    expect(status.body.data).toMatchObject({ status: "FAILED", fail_reason: "file_format_check_failed" });
  });

  it("answers access_token_invalid in TikTok's envelope once the user revokes the app, and refuses the refresh token", async () => {
    const tokens = await connect();
    expect((await api("/v2/post/publish/creator_info/query/", tokens.access_token, {})).status).toBe(200);
    await fetch(`${sim.url}/_sim/revoke`, { method: "POST" });
    const refused = await api("/v2/post/publish/creator_info/query/", tokens.access_token, {});
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ data: {}, error: { code: "access_token_invalid", log_id: expect.any(String) } });
    expect((await token({ grant_type: "refresh_token", refresh_token: tokens.refresh_token })).body.error).toBe("invalid_grant");
  });
});
