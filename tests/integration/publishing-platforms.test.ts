/**
 * Publishing generated videos to TikTok and YouTube end to end against their simulators: OAuth
 * connect (signed state; forged, replayed or cancelled ones refused), tokens encrypted at rest,
 * refresh before expiry and after a refused token, chunked uploads, processing status until the
 * post is public, one post per video and account, and a revoked grant turning into a reconnect
 * prompt instead of a silent failure.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SocialPlatform } from "@prisma/client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { QUEUE } from "../../app/jobs/queues";
import { WorkerRuntime } from "../../app/jobs/runtime.server";
import { SOCIAL_PUBLISH_JOB, socialPublishHandler } from "../../app/jobs/social-publish";
import { SOCIAL_STATUS_JOB, socialStatusHandler } from "../../app/jobs/social-status";
import { completeConnect, ConnectError, connectUrl } from "../../app/publishing/accounts.server";
import { tokenKey } from "../../app/publishing/clients.server";
import { requestPublication, uploadPublication } from "../../app/publishing/publications.server";
import { decryptToken, encryptToken } from "../../app/publishing/token-crypto.server";
import { UserFacingError } from "../../app/errors";
import { handleAppUninstalled } from "../../app/shopify/shop-lifecycle.server";
import { createTestContext, TEST_REDIS_URL, type TestContext } from "../support/harness";
import { consent, seedVideoGeneration, startPublishingSims, waitForPublication, type PublishingSims } from "./publishing-harness";

const DOMAIN = "publish-shop.myshopify.com";
let sims: PublishingSims;
let t: TestContext;
let runtime: WorkerRuntime;
let storageDir: string;
let shopId: string;

beforeAll(async () => {
  storageDir = await mkdtemp(join(tmpdir(), "glint-publish-"));
  sims = await startPublishingSims();
  t = await createTestContext({ ...sims.env, STORAGE_DIR: storageDir });
  runtime = new WorkerRuntime(
    { [QUEUE.social]: { [SOCIAL_PUBLISH_JOB]: socialPublishHandler(t.ctx), [SOCIAL_STATUS_JOB]: socialStatusHandler(t.ctx) } },
    { connection: { url: TEST_REDIS_URL }, prefix: t.prefix, log: t.ctx.log, defaultConcurrency: 4 },
  ).start();
  shopId = (await t.ctx.db.shop.create({ data: { domain: DOMAIN } })).id;
});
afterAll(async () => {
  await runtime?.stop(2_000);
  await t?.cleanup();
  await sims?.close();
  await rm(storageDir, { recursive: true, force: true });
});

/** The merchant presses Connect, allows access on the platform's page, and lands on the callback. */
async function connect(platform: SocialPlatform) {
  const callback = await consent(connectUrl(t.env, { shop: DOMAIN, platform }));
  return completeConnect(t.ctx, { platform, state: callback.searchParams.get("state"), code: callback.searchParams.get("code"), error: callback.searchParams.get("error") });
}

const account = (platform: SocialPlatform) => t.ctx.db.socialAccount.findUniqueOrThrow({ where: { shopId_platform: { shopId, platform } } });
const post = { title: "Meet the Ceramic Mug", description: "Hand-glazed, dishwasher safe.", hashtags: "#mug #coffee", productUrl: `https://${DOMAIN}/products/ceramic-mug` };

describe("connecting accounts", () => {
  it("connects TikTok through Login Kit and stores the tokens encrypted, never in plaintext", async () => {
    const { shop, account: connected } = await connect("tiktok");
    expect(shop).toBe(DOMAIN);
    expect(connected).toMatchObject({ platform: "tiktok", status: "connected", externalId: sims.tiktok.openId, displayName: "Glint Demo Creator", handle: "glint.demo" });

    const binding = { shopId, platform: "tiktok" };
    const access = decryptToken(tokenKey(t.env), connected.accessTokenEnc ?? "", binding);
    const refresh = decryptToken(tokenKey(t.env), connected.refreshTokenEnc ?? "", binding);
    expect(access).toMatch(/^act\./);
    expect(refresh).toMatch(/^rft\./);
    const [row] = await t.ctx.db.$queryRaw<Array<{ row: string }>>`SELECT row_to_json(a)::text AS row FROM "SocialAccount" a WHERE id = ${connected.id}`;
    expect(row.row).not.toContain(access);
    expect(row.row).not.toContain(refresh);
    expect(connected.accessExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);
  });

  it("connects YouTube through Google OAuth with PKCE and reads the channel", async () => {
    const { account: connected } = await connect("youtube");
    expect(connected).toMatchObject({ platform: "youtube", status: "connected", externalId: sims.youtube.channelId, displayName: "Glint Demo Channel", handle: "@glintdemo" });
    expect(connected.scopes).toContain("youtube.upload");
  });

  it("refuses a forged, altered, replayed or cross-platform state, and a cancelled consent", async () => {
    const callback = await consent(connectUrl(t.env, { shop: DOMAIN, platform: "tiktok" }));
    const code = callback.searchParams.get("code");
    const state = callback.searchParams.get("state") ?? "";
    const [payload] = state.split(".");
    const forgedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, "base64url").toString()), shop: "attacker.myshopify.com" })).toString("base64url");
    const attempts = [
      `${forgedPayload}.${state.split(".")[1]}`,
      `${payload}.${"A".repeat(43)}`,
      "not-a-state",
    ];
    for (const forged of attempts) {
      await expect(completeConnect(t.ctx, { platform: "tiktok", state: forged, code, error: null })).rejects.toThrow(/not valid or has expired/);
    }
    await expect(completeConnect(t.ctx, { platform: "youtube", state, code, error: null })).rejects.toThrow(ConnectError);
    // The genuine state works once; the same link again is refused.
    await completeConnect(t.ctx, { platform: "tiktok", state, code, error: null });
    await expect(completeConnect(t.ctx, { platform: "tiktok", state, code, error: null })).rejects.toThrow(/already used/);

    const denied = await consent(connectUrl(t.env, { shop: DOMAIN, platform: "youtube" }), "deny");
    await expect(
      completeConnect(t.ctx, { platform: "youtube", state: denied.searchParams.get("state"), code: null, error: denied.searchParams.get("error") }),
    ).rejects.toThrow(/access was not granted/);
  });
});

describe("publishing a generated video", () => {
  beforeEach(async () => {
    if ((await account("tiktok")).status !== "connected") await connect("tiktok");
    if ((await account("youtube")).status !== "connected") await connect("youtube");
  });

  it("publishes to TikTok and YouTube: processing, then published with the post's id and URL", async () => {
    const { generation, video } = await seedVideoGeneration(t.ctx, shopId);
    const sha = createHash("sha256").update(video).digest("hex");
    const [onTikTok, onYouTube] = await Promise.all(
      (["tiktok", "youtube"] as const).map((platform) => requestPublication(t.ctx, { shopId, shop: DOMAIN, generationId: generation.id, platform, ...post })),
    );
    expect(onTikTok.status).toBe("queued");

    const tiktokDone = await waitForPublication(t.ctx, onTikTok.id);
    expect(tiktokDone).toMatchObject({ status: "published", errorCode: null });
    expect(tiktokDone.externalUrl).toBe(`${sims.tiktok.url}/@glint.demo/video/${tiktokDone.externalId}`);
    const tiktokPost = sims.tiktok.posts().find((p) => p.postId === tiktokDone.externalId);
    expect(tiktokPost).toMatchObject({ status: "PUBLISH_COMPLETE", sha256: sha, isAigc: true, privacyLevel: "PUBLIC_TO_EVERYONE" });
    expect(tiktokPost?.title).toBe(`Meet the Ceramic Mug\n\nHand-glazed, dishwasher safe.\n\n${post.productUrl}\n#mug #coffee`);

    const youtubeDone = await waitForPublication(t.ctx, onYouTube.id);
    expect(youtubeDone).toMatchObject({ status: "published", externalUrl: `${sims.youtube.url}/watch?v=${youtubeDone.externalId}` });
    expect(sims.youtube.videos().find((v) => v.id === youtubeDone.externalId)).toMatchObject({
      sha256: sha,
      title: "Meet the Ceramic Mug",
      tags: ["mug", "coffee"],
      description: `Hand-glazed, dishwasher safe.\n\n${post.productUrl}\n\n#mug #coffee`,
    });
  });

  it("posts the same video to the same account once, however often it is asked", async () => {
    const { generation } = await seedVideoGeneration(t.ctx, shopId);
    const before = sims.tiktok.posts().length;
    const requests = await Promise.all([1, 2, 3].map(() => requestPublication(t.ctx, { shopId, shop: DOMAIN, generationId: generation.id, platform: "tiktok", ...post })));
    expect(new Set(requests.map((r) => r.id)).size).toBe(1);
    await waitForPublication(t.ctx, requests[0].id);
    const again = await requestPublication(t.ctx, { shopId, shop: DOMAIN, generationId: generation.id, platform: "tiktok", ...post, title: "Another caption" });
    expect(again).toMatchObject({ id: requests[0].id, status: "published" });
    await new Promise((r) => setTimeout(r, 300));
    expect(sims.tiktok.posts().length).toBe(before + 1);
  });

  it("a replayed upload job finds the post already uploaded and only schedules the missing status check", async () => {
    const { generation } = await seedVideoGeneration(t.ctx, shopId);
    const publication = await requestPublication(t.ctx, { shopId, shop: DOMAIN, generationId: generation.id, platform: "youtube", ...post });
    const done = await waitForPublication(t.ctx, publication.id);
    const videos = sims.youtube.videos().length;
    // As if the worker died after marking the upload processing, before its status check was queued.
    await t.ctx.db.videoPublication.update({ where: { id: done.id }, data: { status: "processing", externalUrl: null, statusChecks: 7 } });
    await uploadPublication(t.ctx, { shop: DOMAIN, publicationId: done.id });
    expect(await waitForPublication(t.ctx, done.id)).toMatchObject({ status: "published", externalUrl: done.externalUrl });
    expect(sims.youtube.videos().length).toBe(videos);
  });

  it("asking again for a publication whose job was never queued (Redis refused it) queues it", async () => {
    const { generation } = await seedVideoGeneration(t.ctx, shopId);
    const tiktok = await account("tiktok");
    const orphan = await t.ctx.db.videoPublication.create({ data: { shopId, socialAccountId: tiktok.id, generationId: generation.id, platform: "tiktok", title: post.title, hashtags: [] } });
    await new Promise((r) => setTimeout(r, 200));
    expect((await t.ctx.db.videoPublication.findUniqueOrThrow({ where: { id: orphan.id } })).status).toBe("queued");
    expect((await requestPublication(t.ctx, { shopId, shop: DOMAIN, generationId: generation.id, platform: "tiktok", ...post })).id).toBe(orphan.id);
    expect((await waitForPublication(t.ctx, orphan.id)).status).toBe("published");
  });

  it("refreshes an access token about to expire before uploading, and one the platform refuses", async () => {
    // About to expire by our clock: refreshed before the upload starts (TikTok rotates the refresh token too).
    const tiktok = await account("tiktok");
    await t.ctx.db.socialAccount.update({ where: { id: tiktok.id }, data: { accessExpiresAt: new Date(Date.now() + 60_000) } });
    const first = await seedVideoGeneration(t.ctx, shopId);
    const viaTikTok = await requestPublication(t.ctx, { shopId, shop: DOMAIN, generationId: first.generation.id, platform: "tiktok", ...post });
    expect((await waitForPublication(t.ctx, viaTikTok.id)).status).toBe("published");
    const refreshed = await account("tiktok");
    expect(refreshed.accessTokenEnc).not.toBe(tiktok.accessTokenEnc);
    expect(refreshed.refreshTokenEnc).not.toBe(tiktok.refreshTokenEnc);
    expect(refreshed.accessExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);

    // Expired at Google although our clock says it is fine: the 401 triggers one refresh and the upload goes through.
    const youtube = await account("youtube");
    sims.youtube.expireAccessTokens();
    const second = await seedVideoGeneration(t.ctx, shopId);
    const viaYouTube = await requestPublication(t.ctx, { shopId, shop: DOMAIN, generationId: second.generation.id, platform: "youtube", ...post });
    expect((await waitForPublication(t.ctx, viaYouTube.id)).status).toBe("published");
    const after = await account("youtube");
    expect(after.status).toBe("connected");
    expect(after.accessTokenEnc).not.toBe(youtube.accessTokenEnc);
    // Google keeps the refresh token on refresh: the stored one is unchanged.
    expect(after.refreshTokenEnc).toBe(youtube.refreshTokenEnc);
  });

  it("fails with the platform's reason when TikTok cannot read the file", async () => {
    const notAVideo = Buffer.alloc(4096, 7);
    const { generation } = await seedVideoGeneration(t.ctx, shopId, { bytes: notAVideo });
    const publication = await requestPublication(t.ctx, { shopId, shop: DOMAIN, generationId: generation.id, platform: "tiktok", ...post });
    expect(await waitForPublication(t.ctx, publication.id)).toMatchObject({ status: "failed", errorCode: "file_format_check_failed", errorMessage: "TikTok could not read the video file." });
    expect((await account("tiktok")).status).toBe("connected");

    // Publishing again after the failure is a new upload, followed to the end like the first.
    const good = await seedVideoGeneration(t.ctx, shopId);
    const goodAsset = await t.ctx.db.asset.findUniqueOrThrow({ where: { id: good.generation.outputAssetId ?? "" } });
    await t.ctx.db.generation.update({ where: { id: generation.id }, data: { outputAssetId: goodAsset.id } });
    const again = await requestPublication(t.ctx, { shopId, shop: DOMAIN, generationId: generation.id, platform: "tiktok", ...post });
    expect(again).toMatchObject({ id: publication.id, status: "queued" });
    expect((await waitForPublication(t.ctx, publication.id)).status).toBe("published");
  });

  it("turns a revoked grant into a reconnect prompt: the publication fails, the account needs reconnecting", async () => {
    for (const [platform, sim, name] of [
      ["tiktok", sims.tiktok, "TikTok"],
      ["youtube", sims.youtube, "YouTube"],
    ] as const) {
      const { generation } = await seedVideoGeneration(t.ctx, shopId);
      // The merchant removes Glint in the platform's settings: access and refresh tokens die.
      sim.revokeAll();
      const publication = await requestPublication(t.ctx, { shopId, shop: DOMAIN, generationId: generation.id, platform, ...post });
      const failed = await waitForPublication(t.ctx, publication.id);
      expect(failed).toMatchObject({ status: "failed", errorCode: "reconnect_required" });
      expect(failed.errorMessage).toContain(`Reconnect ${name} in Channels`);
      const marked = await account(platform);
      expect(marked).toMatchObject({ status: "needs_reconnect", accessTokenEnc: null, refreshTokenEnc: null });

      // Publishing again is refused up front with the same prompt, until the merchant reconnects.
      const refused = await requestPublication(t.ctx, { shopId, shop: DOMAIN, generationId: generation.id, platform, ...post }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(UserFacingError);
      expect(refused).toMatchObject({ code: "reconnect_required", message: expect.stringContaining(`Reconnect ${name}`) });

      await connect(platform);
      const postsBefore = platform === "tiktok" ? sims.tiktok.posts().length : sims.youtube.videos().length;
      // A double click on Publish after reconnecting: the failed publication restarts once.
      const retried = await Promise.all([1, 2].map(() => requestPublication(t.ctx, { shopId, shop: DOMAIN, generationId: generation.id, platform, ...post })));
      expect(retried.map((r) => r.id)).toEqual([publication.id, publication.id]);
      expect((await waitForPublication(t.ctx, publication.id)).status).toBe("published");
      await new Promise((r) => setTimeout(r, 300));
      expect(platform === "tiktok" ? sims.tiktok.posts().length : sims.youtube.videos().length).toBe(postsBefore + 1);
    }
  });

  it("asks for a reconnect when a stored token no longer decrypts (the encryption key changed)", async () => {
    const youtube = await account("youtube");
    await t.ctx.db.socialAccount.update({
      where: { id: youtube.id },
      data: { accessTokenEnc: encryptToken(randomBytes(32), "ya29.sealed-under-an-old-key", { shopId, platform: "youtube" }) },
    });
    const { generation } = await seedVideoGeneration(t.ctx, shopId);
    const publication = await requestPublication(t.ctx, { shopId, shop: DOMAIN, generationId: generation.id, platform: "youtube", ...post });
    expect(await waitForPublication(t.ctx, publication.id)).toMatchObject({ status: "failed", errorCode: "reconnect_required" });
    expect((await account("youtube")).status).toBe("needs_reconnect");
  });

  it("refuses what is not a finished video, and an account that was never connected", async () => {
    const product = await t.ctx.db.product.create({ data: { shopId, shopifyId: "gid://shopify/Product/1", title: "P", handle: "p", contentHash: "h" } });
    const image = await t.ctx.db.generation.create({ data: { shopId, productId: product.id, requestKey: "img", capability: "enhancement", style: "studio", status: "ready_for_review" } });
    await expect(requestPublication(t.ctx, { shopId, shop: DOMAIN, generationId: image.id, platform: "tiktok", ...post })).rejects.toMatchObject({ code: "invalid_publication" });
    const other = await t.ctx.db.shop.create({ data: { domain: "other-shop.myshopify.com" } });
    const { generation } = await seedVideoGeneration(t.ctx, other.id);
    await expect(requestPublication(t.ctx, { shopId: other.id, shop: other.domain, generationId: generation.id, platform: "youtube", ...post })).rejects.toMatchObject({ code: "not_connected" });
    // Another shop's video is not this shop's to publish.
    await expect(requestPublication(t.ctx, { shopId, shop: DOMAIN, generationId: generation.id, platform: "youtube", ...post })).rejects.toMatchObject({ code: "invalid_publication" });
  });
});

describe("uninstalling Glint", () => {
  it("forgets the shop's TikTok and YouTube tokens at once", async () => {
    const domain = "leaving-shop.myshopify.com";
    const leaving = await t.ctx.db.shop.create({ data: { domain } });
    const callback = await consent(connectUrl(t.env, { shop: domain, platform: "tiktok" }));
    await completeConnect(t.ctx, { platform: "tiktok", state: callback.searchParams.get("state"), code: callback.searchParams.get("code"), error: null });
    await handleAppUninstalled(t.ctx, domain);
    expect(await t.ctx.db.socialAccount.findMany({ where: { shopId: leaving.id } })).toEqual([
      expect.objectContaining({ platform: "tiktok", status: "disconnected", accessTokenEnc: null, refreshTokenEnc: null }),
    ]);
    // The store that stays keeps its accounts.
    expect((await account("tiktok")).status).not.toBe("disconnected");
  });
});
