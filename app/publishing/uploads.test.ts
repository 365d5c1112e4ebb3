/**
 * The platform clients' uploads against the TikTok and YouTube simulators: chunk plans by each
 * platform's rules, and a retried upload (the job crashed half way) that resumes or waits instead
 * of posting the video twice.
 */
import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTikTokSim, type TikTokSim } from "../../sim/tiktok/server";
import { startYouTubeSim, type YouTubeSim } from "../../sim/youtube/server";
import type { PlatformClient, UploadInput } from "./platform";
import { tiktokClient } from "./tiktok.server";
import { youtubeClient } from "./youtube.server";

const MB = 1024 * 1024;
const post = { title: "Ceramic mug", description: "Made by hand", hashtags: ["mug"], productUrl: "https://shop.example/products/mug" };
let tiktok: TikTokSim;
let youtube: YouTubeSim;
let tiktokApi: PlatformClient;
let youtubeApi: PlatformClient;

beforeAll(async () => {
  [tiktok, youtube] = await Promise.all([
    startTikTokSim({ clientKey: "ck", clientSecret: "cs", processingMs: 20 }),
    startYouTubeSim({ clientId: "yt", clientSecret: "ys", processingMs: 20 }),
  ]);
  tiktokApi = tiktokClient({ clientKey: "ck", clientSecret: "cs", webBaseUrl: tiktok.url, apiBaseUrl: tiktok.url, timeoutMs: 5_000, chunkBytes: 5 * MB });
  youtubeApi = youtubeClient({ clientId: "yt", clientSecret: "ys", accountsBaseUrl: youtube.url, oauthBaseUrl: youtube.url, apiBaseUrl: youtube.url, watchBaseUrl: youtube.url, timeoutMs: 5_000, chunkBytes: 256 * 1024 });
});
afterAll(async () => {
  await Promise.all([tiktok?.close(), youtube?.close()]);
});

/** Consent and code exchange through the client, as the callback does. */
async function accessToken(client: PlatformClient): Promise<string> {
  const redirectUri = "https://app.example/callback";
  const codeVerifier = randomBytes(32).toString("base64url");
  const authorize = new URL(client.authorizeUrl({ state: "s", codeVerifier, redirectUri }));
  const form = new URLSearchParams(authorize.searchParams);
  form.set("decision", "allow");
  const answer = await fetch(`${authorize.origin}${authorize.pathname}`, { method: "POST", body: form, redirect: "manual" });
  const code = new URL(answer.headers.get("location") ?? "").searchParams.get("code") ?? "";
  return (await client.exchangeCode({ code, codeVerifier, redirectUri })).accessToken;
}

function mp4(size: number): Buffer {
  const bytes = randomBytes(size);
  bytes.write("\u0000\u0000\u0000\u0018ftypisom", 0, "latin1");
  return bytes;
}

const upload = (client: PlatformClient, token: string, video: Buffer, extra: Partial<UploadInput> = {}) =>
  client.upload({ accessToken: token, video, mimeType: "video/mp4", post, saveUploadRef: async () => {}, ...extra });

describe("TikTok uploads", () => {
  it("sends an 11 MB video as two chunks (the last carries the remainder) and it publishes", async () => {
    const token = await accessToken(tiktokApi);
    const video = mp4(11 * MB);
    const saved: string[] = [];
    const result = await upload(tiktokApi, token, video, { saveUploadRef: async (ref) => void saved.push(ref) });
    expect(saved).toEqual([result.uploadRef]);
    await new Promise((r) => setTimeout(r, 40));
    const status = await tiktokApi.status({ accessToken: token, uploadRef: result.uploadRef, handle: "glint.demo" });
    expect(status).toMatchObject({ state: "published", url: expect.stringMatching(/\/@glint\.demo\/video\/\d+$/) });
    expect(tiktok.posts().find((p) => p.publishId === result.uploadRef)?.sha256).toBe(createHash("sha256").update(video).digest("hex"));
  });

  it("does not upload again when every byte of an earlier attempt arrived, and starts over when they did not", async () => {
    const token = await accessToken(tiktokApi);
    const video = mp4(64 * 1024);
    const first = await upload(tiktokApi, token, video);
    const count = tiktok.posts().length;
    expect(await upload(tiktokApi, token, video, { uploadRef: first.uploadRef })).toEqual({ uploadRef: first.uploadRef });
    expect(tiktok.posts().length).toBe(count);

    // An attempt that died after init, before its bytes: that post never completes; a new one is made.
    let abandoned = "";
    await expect(
      upload(tiktokApi, token, video, {
        saveUploadRef: async (ref) => {
          abandoned = ref;
          throw new Error("worker killed");
        },
      }),
    ).rejects.toThrow("worker killed");
    const resumed = await upload(tiktokApi, token, video, { uploadRef: abandoned });
    expect(resumed.uploadRef).not.toBe(abandoned);
    expect(tiktok.posts().find((p) => p.publishId === abandoned)?.status).toBe("PROCESSING_UPLOAD");
  });
});

describe("YouTube uploads", () => {
  it("uploads in 256 KiB chunks through 308 Resume Incomplete and reports processing, then the watch URL", async () => {
    const token = await accessToken(youtubeApi);
    const video = mp4(700 * 1024);
    const result = await upload(youtubeApi, token, video);
    expect(result.externalId).toMatch(/^[\w-]{11}$/);
    expect(await youtubeApi.status({ accessToken: token, uploadRef: result.uploadRef, externalId: result.externalId })).toEqual({ state: "processing" });
    await new Promise((r) => setTimeout(r, 40));
    expect(await youtubeApi.status({ accessToken: token, uploadRef: result.uploadRef, externalId: result.externalId })).toEqual({
      state: "published",
      externalId: result.externalId,
      url: `${youtube.url}/watch?v=${result.externalId}`,
    });
    expect(youtube.videos().find((v) => v.id === result.externalId)?.sha256).toBe(createHash("sha256").update(video).digest("hex"));
  });

  it("resumes an interrupted session from Google's Range instead of starting a second video", async () => {
    const token = await accessToken(youtubeApi);
    const video = mp4(600 * 1024);
    // An earlier attempt opened the session and sent the first 256 KiB, then the worker died.
    const start = await fetch(`${youtube.url}/upload/youtube/v3/videos?uploadType=resumable&part=snippet,status`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "x-upload-content-length": String(video.length) },
      body: JSON.stringify({ snippet: { title: "Ceramic mug" }, status: { privacyStatus: "public" } }),
    });
    const session = start.headers.get("location") ?? "";
    await fetch(session, { method: "PUT", headers: { "content-range": `bytes 0-${256 * 1024 - 1}/${video.length}` }, body: new Uint8Array(video.subarray(0, 256 * 1024)) });
    const count = youtube.videos().length;

    const result = await upload(youtubeApi, token, video, { uploadRef: session });
    expect(result.uploadRef).toBe(session);
    expect(youtube.videos().length).toBe(count + 1);
    expect(youtube.videos().find((v) => v.id === result.externalId)?.sha256).toBe(createHash("sha256").update(video).digest("hex"));
    // Asked again (the job crashed after the last chunk): the finished video comes back, nothing is sent.
    expect(await upload(youtubeApi, token, video, { uploadRef: session })).toEqual(result);
    expect(youtube.videos().length).toBe(count + 1);
  });

  it("normalises Google's answers: a refused token asks for a refresh, a refused refresh for a reconnect, an empty title gets a default", async () => {
    const token = await accessToken(youtubeApi);
    await expect(upload(youtubeApi, "ya29.not-a-token", mp4(1000))).rejects.toMatchObject({ code: "auth_expired", platformCode: "authError", isRetryable: false });
    await expect(youtubeApi.refresh("1//revoked")).rejects.toMatchObject({ code: "reconnect_required", needsReconnect: true, platformCode: "invalid_grant" });
    // YouTube refuses a video without a title: the client never sends an empty one.
    const result = await upload(youtubeApi, token, mp4(1000), { post: { ...post, title: "   " } });
    expect(youtube.videos().find((v) => v.id === result.externalId)?.title).toBe("Product video");
  });
});
