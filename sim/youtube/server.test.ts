import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startYouTubeSim, YOUTUBE_SCOPES, type YouTubeSim } from "./server";

const CLIENT = { clientId: "123.apps.googleusercontent.com", clientSecret: "GOCSPX-test" };
const REDIRECT = "https://app.example/channels/youtube/callback";
const UNIT = 256 * 1024;
let sim: YouTubeSim;

beforeAll(async () => {
  sim = await startYouTubeSim({ ...CLIENT, processingMs: 50 });
});
afterAll(() => sim.close());

async function consent(extra: Record<string, string> = {}, decision = "allow"): Promise<URLSearchParams> {
  const query = new URLSearchParams({
    client_id: CLIENT.clientId,
    redirect_uri: REDIRECT,
    response_type: "code",
    scope: Object.values(YOUTUBE_SCOPES).join(" "),
    access_type: "offline",
    state: "st",
    ...extra,
  });
  expect((await fetch(`${sim.url}/o/oauth2/v2/auth?${query}`)).status).toBe(200);
  query.set("decision", decision);
  const answer = await fetch(`${sim.url}/o/oauth2/v2/auth`, { method: "POST", body: query, redirect: "manual" });
  expect(answer.status).toBe(302);
  return new URL(answer.headers.get("location") ?? "").searchParams;
}

async function token(form: Record<string, string>) {
  const response = await fetch(`${sim.url}/token`, { method: "POST", body: new URLSearchParams({ client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret, ...form }) });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

async function connect(): Promise<Record<string, string>> {
  const verifier = randomBytes(32).toString("base64url");
  const challenge = createHash("sha256").update(verifier).digest("base64url");
  const code = (await consent({ code_challenge: challenge, code_challenge_method: "S256" })).get("code") ?? "";
  return (await token({ grant_type: "authorization_code", code, redirect_uri: REDIRECT, code_verifier: verifier })).body;
}

function mp4(size: number): Buffer {
  const bytes = randomBytes(size);
  bytes.write("\u0000\u0000\u0000\u0018ftypisom", 0, "latin1");
  return bytes;
}

async function startSession(accessToken: string, size: number, title = "Meet the mug"): Promise<string> {
  const response = await fetch(`${sim.url}/upload/youtube/v3/videos?uploadType=resumable&part=snippet,status`, {
    method: "POST",
    headers: { authorization: `Bearer ${accessToken}`, "content-type": "application/json; charset=UTF-8", "x-upload-content-length": String(size), "x-upload-content-type": "video/mp4" },
    body: JSON.stringify({ snippet: { title, description: "d", tags: ["mug"] }, status: { privacyStatus: "public" } }),
  });
  expect(response.status).toBe(200);
  return response.headers.get("location") ?? "";
}

const videoStatus = async (accessToken: string, id: string) =>
  (await (await fetch(`${sim.url}/youtube/v3/videos?part=status,processingDetails&id=${id}`, { headers: { authorization: `Bearer ${accessToken}` } })).json()) as {
    items: Array<{ status: Record<string, string>; processingDetails: Record<string, string> }>;
  };

describe("YouTube simulator: Google OAuth", () => {
  it("trades a code for tokens with PKCE, and refuses a wrong verifier", async () => {
    const tokens = await connect();
    expect(tokens).toMatchObject({ token_type: "Bearer", expires_in: 3599, scope: Object.values(YOUTUBE_SCOPES).join(" ") });
    expect(tokens.access_token).toMatch(/^ya29\./);

    const challenge = createHash("sha256").update("right-verifier-right-verifier-right-verifier").digest("base64url");
    const code = (await consent({ code_challenge: challenge, code_challenge_method: "S256" })).get("code") ?? "";
    const wrong = await token({ grant_type: "authorization_code", code, redirect_uri: REDIRECT, code_verifier: "another-verifier-another-verifier-another" });
    expect(wrong).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
  });

  it("refreshes without rotating the refresh token; after revocation the refresh is invalid_grant", async () => {
    const tokens = await connect();
    const refreshed = await token({ grant_type: "refresh_token", refresh_token: tokens.refresh_token });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).toBeUndefined();
    sim.revokeAll();
    expect(await token({ grant_type: "refresh_token", refresh_token: tokens.refresh_token })).toEqual({
      status: 400,
      body: { error: "invalid_grant", error_description: "Token has been expired or revoked." },
    });
  });

  it("answers the channel of the token's owner", async () => {
    const { access_token } = await connect();
    const list = (await (await fetch(`${sim.url}/youtube/v3/channels?part=snippet&mine=true`, { headers: { authorization: `Bearer ${access_token}` } })).json()) as {
      items: Array<{ id: string; snippet: { title: string; customUrl: string } }>;
    };
    expect(list.items).toEqual([expect.objectContaining({ id: sim.channelId, snippet: expect.objectContaining({ customUrl: "@glintdemo" }) })]);
  });
});

describe("YouTube simulator: resumable upload", () => {
  it("answers 308 with Range for each chunk, reports progress on a status query, and 200 with the video at the end", async () => {
    const { access_token } = await connect();
    const video = mp4(2 * UNIT + 1000);
    const session = await startSession(access_token, video.length);
    const put = (first: number, last: number) =>
      fetch(session, { method: "PUT", headers: { "content-range": `bytes ${first}-${last}/${video.length}` }, body: new Uint8Array(video.subarray(first, last + 1)) });

    const first = await put(0, UNIT - 1);
    expect(first.status).toBe(308);
    expect(first.headers.get("range")).toBe(`bytes=0-${UNIT - 1}`);
    // A chunk that is not a multiple of 256 KiB (and not the last) is refused.
    expect((await put(UNIT, UNIT + 999)).status).toBe(400);
    const query = await fetch(session, { method: "PUT", headers: { "content-range": `bytes */${video.length}` } });
    expect([query.status, query.headers.get("range")]).toEqual([308, `bytes=0-${UNIT - 1}`]);
    expect((await put(UNIT, 2 * UNIT - 1)).status).toBe(308);
    const done = await put(2 * UNIT, video.length - 1);
    expect(done.status).toBe(200);
    const resource = (await done.json()) as { kind: string; id: string; status: { uploadStatus: string } };
    expect(resource).toMatchObject({ kind: "youtube#video", status: { uploadStatus: "uploaded" } });

    expect((await videoStatus(access_token, resource.id)).items[0].processingDetails.processingStatus).toBe("processing");
    await new Promise((r) => setTimeout(r, 80));
    const processed = await videoStatus(access_token, resource.id);
    expect(processed.items[0]).toMatchObject({ status: { uploadStatus: "processed" }, processingDetails: { processingStatus: "succeeded" } });
    expect(sim.videos().find((v) => v.id === resource.id)?.sha256).toBe(createHash("sha256").update(video).digest("hex"));
  });

  it("refuses a title with angle brackets (invalidTitle) in Google's error shape", async () => {
    const { access_token } = await connect();
    const response = await fetch(`${sim.url}/upload/youtube/v3/videos?uploadType=resumable&part=snippet,status`, {
      method: "POST",
      headers: { authorization: `Bearer ${access_token}`, "content-type": "application/json" },
      body: JSON.stringify({ snippet: { title: "<b>mug</b>" }, status: { privacyStatus: "public" } }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 400, errors: [{ reason: "invalidTitle" }], status: "INVALID_ARGUMENT" } });
  });

  it("fails processing for bytes that are not a video", async () => {
    const { access_token } = await connect();
    const bytes = randomBytes(1000);
    const session = await startSession(access_token, bytes.length);
    const done = await fetch(session, { method: "PUT", body: new Uint8Array(bytes) });
    const { id } = (await done.json()) as { id: string };
    const status = await videoStatus(access_token, id);
    expect(status.items[0]).toMatchObject({ status: { uploadStatus: "failed", failureReason: "invalidFile" }, processingDetails: { processingStatus: "failed" } });
  });

  it("answers 401 authError for an expired or revoked token", async () => {
    const { access_token } = await connect();
    sim.expireAccessTokens();
    const response = await fetch(`${sim.url}/youtube/v3/channels?part=snippet&mine=true`, { headers: { authorization: `Bearer ${access_token}` } });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 401, errors: [{ reason: "authError", domain: "global" }], status: "UNAUTHENTICATED" } });
  });
});
