/**
 * Fixtures for the publishing tests, all real: the TikTok and YouTube simulators (their OAuth and
 * upload endpoints on loopback), the app's environment pointing at them, a finished product video
 * (a real H.264 MP4 made by ffmpeg, stored in the app's storage) and the consent step a merchant
 * does on the platform's page.
 */
import { randomBytes } from "node:crypto";
import type { Generation, VideoPublication } from "@prisma/client";
import type { AppContext } from "../../app/context.server";
import { renderOutput } from "../../sim/faults/outputs";
import { startTikTokSim, type TikTokSim } from "../../sim/tiktok/server";
import { startYouTubeSim, type YouTubeSim } from "../../sim/youtube/server";

export interface PublishingSims {
  tiktok: TikTokSim;
  youtube: YouTubeSim;
  /** Variables that point the app at both simulators. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startPublishingSims(): Promise<PublishingSims> {
  const tiktokClient = { clientKey: `sbaw${randomBytes(6).toString("hex")}`, clientSecret: randomBytes(12).toString("hex") };
  const youtubeClient = { clientId: `${randomBytes(6).toString("hex")}.apps.googleusercontent.com`, clientSecret: `GOCSPX-${randomBytes(8).toString("hex")}` };
  const [tiktok, youtube] = await Promise.all([startTikTokSim({ ...tiktokClient, processingMs: 150 }), startYouTubeSim({ ...youtubeClient, processingMs: 150 })]);
  return {
    tiktok,
    youtube,
    env: {
      TIKTOK_CLIENT_KEY: tiktokClient.clientKey,
      TIKTOK_CLIENT_SECRET: tiktokClient.clientSecret,
      TIKTOK_WEB_BASE_URL: tiktok.url,
      TIKTOK_API_BASE_URL: tiktok.url,
      YOUTUBE_CLIENT_ID: youtubeClient.clientId,
      YOUTUBE_CLIENT_SECRET: youtubeClient.clientSecret,
      GOOGLE_ACCOUNTS_BASE_URL: youtube.url,
      GOOGLE_OAUTH_BASE_URL: youtube.url,
      YOUTUBE_API_BASE_URL: youtube.url,
      YOUTUBE_WATCH_BASE_URL: youtube.url,
      PUBLISHING_TOKEN_KEY: randomBytes(32).toString("base64"),
      PUBLISHING_STATUS_POLL_MS: "100",
      PUBLISHING_REQUEST_TIMEOUT_MS: "5000",
    },
    close: async () => {
      await Promise.all([tiktok.close(), youtube.close()]);
    },
  };
}

/**
 * What the merchant does on the platform's consent page (GET it, press Allow or Cancel); returns
 * the URL the platform sends the browser back to (the app's callback with code and state).
 */
export async function consent(authorizeUrl: string, decision: "allow" | "deny" = "allow"): Promise<URL> {
  const page = await fetch(authorizeUrl);
  if (page.status !== 200) throw new Error(`consent page answered ${page.status}: ${await page.text()}`);
  const url = new URL(authorizeUrl);
  const form = new URLSearchParams(url.searchParams);
  form.set("decision", decision);
  const answer = await fetch(`${url.origin}${url.pathname}`, { method: "POST", body: form, redirect: "manual" });
  const location = answer.headers.get("location");
  if (answer.status !== 302 || !location) throw new Error(`consent answered ${answer.status}`);
  return new URL(location);
}

/** A finished product video of one of the shop's products: a real MP4 in storage, as the video pipeline leaves it. */
export async function seedVideoGeneration(ctx: Pick<AppContext, "db" | "storage">, shopId: string, options: { bytes?: Buffer; handle?: string } = {}): Promise<{ generation: Generation; video: Buffer }> {
  const handle = options.handle ?? `ceramic-mug-${randomBytes(3).toString("hex")}`;
  const product = await ctx.db.product.create({
    data: { shopId, shopifyId: `gid://shopify/Product/${Date.now()}${Math.floor(Math.random() * 1000)}`, title: "Ceramic Mug", handle, contentHash: "h", tags: ["mug"] },
  });
  const video = options.bytes ?? (await renderOutput({ task: "video", prompt: "ceramic mug turntable", seed: 7, durationSeconds: 2, width: 320, height: 568 })).bytes;
  const stored = await ctx.storage.put({ shopId, kind: "output", ext: "mp4", contentType: "video/mp4", body: video });
  const asset = await ctx.db.asset.create({
    data: { shopId, productId: product.id, kind: "output", storageKey: stored.key, checksum: stored.sha256, mimeType: "video/mp4", bytes: stored.bytes, durationMs: 2000 },
  });
  const generation = await ctx.db.generation.create({
    data: {
      shopId,
      productId: product.id,
      requestKey: `video-${randomBytes(4).toString("hex")}`,
      capability: "image_to_video",
      style: "turntable_video",
      status: "ready_for_review",
      outputAssetId: asset.id,
    },
  });
  return { generation, video };
}

export async function waitForPublication(
  ctx: Pick<AppContext, "db">,
  id: string,
  statuses: VideoPublication["status"][] = ["published", "failed"],
  timeoutMs = 20_000,
): Promise<VideoPublication> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const publication = await ctx.db.videoPublication.findUniqueOrThrow({ where: { id } });
    if (statuses.includes(publication.status)) return publication;
    if (Date.now() > deadline) throw new Error(`publication ${id} stayed ${publication.status} (${publication.errorCode ?? "no error"})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
