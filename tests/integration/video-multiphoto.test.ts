/**
 * Multi-photo product video as a job, end to end against the simulators: a merchant picks four of
 * a product's images (its own photos in the simulated store and Glint results), the request is
 * priced and reserved, the worker job collects, (animates,) stitches, overlays, adds music,
 * validates and stores, reporting each stage; the stored MP4 is probed with ffprobe: 4 chapters,
 * 4·S − 3·T seconds, an audio stream when music was chosen, the title band drawn only when asked.
 * It reaches review and is written back as product video media. Blank photos and failing clip
 * models never reach review: the next model is used, or the generation fails and the credits
 * come back.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buffer } from "node:stream/consumers";
import { promisify } from "node:util";
import sharp from "sharp";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { generationCredits } from "../../app/billing/ledger.server";
import { parseAttempts } from "../../app/engine/attempts";
import { modelHealth } from "../../app/engine/context";
import { checkImage } from "../../app/media/image-checks";
import { cancelGeneration, retryGeneration } from "../../app/models/generations.server";
import { MULTI_PHOTO_VIDEO_JOB } from "../../app/jobs/multi-photo-video";
import { jobId, QUEUE } from "../../app/jobs/queues";
import { approveAndPublish } from "../../app/models/media.server";
import { sampleFrames } from "../../app/video/frames.server";
import { readProgress } from "../../app/video/multi-photo-spec";
import { requestMultiPhotoVideo } from "../../app/video/multi-photo-request.server";
import { renderProductImage } from "../../sim/shared/product-image";
import { waitForGeneration } from "./engine-harness";
import { startVideoHarness, type VideoHarness } from "./video-harness";

const run = promisify(execFile);

let h: VideoHarness;
beforeAll(async () => {
  h = await startVideoHarness({ domain: "video-multiphoto.myshopify.com", products: 24, credits: 1_000 });
  expect(steady(3).length).toBeGreaterThanOrEqual(1);
  expect(steady(2).length).toBeGreaterThanOrEqual(4);
});
afterAll(() => h?.close());
afterEach(() => h.resetFaults());

const simProduct = (gid: string) => h.sim.store.productWithMedia(h.domain, Number(gid.split("/").pop()))!;
const mediaGids = (gid: string) => simProduct(gid).media.filter((m) => m.typename === "MediaImage").map((m) => `gid://shopify/MediaImage/${m.id}`);
/** Products with at least `n` photos of their own, in catalogue order. */
const withPhotos = (n: number) => h.productIds.filter((gid) => mediaGids(gid).length >= n);
/**
 * Of those, the shapes the fidelity heuristic scores well on the simulators' random scene
 * backgrounds (as in video-image-to-video.test.ts), for clips that must keep their product.
 */
const STEADY_SHAPES = ["shirt", "chair", "box", "phone", "bag", "shoe"];
const steady = (n: number) =>
  withPhotos(n).filter((gid) => {
    const source = simProduct(gid).media[0]?.source;
    return source?.kind === "seeded" && STEADY_SHAPES.includes(source.shape);
  });

/** A Glint output image of the product, stored like the engine stores one. */
async function glintOutput(productGid: string, angle: number, picture?: Buffer): Promise<string> {
  const product = await h.ctx.db.product.upsert({
    where: { shopId_shopifyId: { shopId: h.shop.id, shopifyId: productGid } },
    create: { shopId: h.shop.id, shopifyId: productGid, title: simProduct(productGid).title, handle: simProduct(productGid).handle, contentHash: "test" },
    update: {},
  });
  const png = picture ?? (await renderProductImage({ seed: 11, width: 800, height: 800, angle, kind: "shoe" }));
  const stored = await h.ctx.storage.put({ shopId: h.shop.id, kind: "output", ext: "png", contentType: "image/png", body: png });
  const asset = await h.ctx.db.asset.create({
    data: { shopId: h.shop.id, productId: product.id, kind: "output", storageKey: stored.key, checksum: stored.sha256, mimeType: "image/png", width: 800, height: 800, bytes: png.length },
  });
  return asset.id;
}

interface Probe {
  chapters: Array<{ start_time: string; end_time: string; tags?: { title?: string } }>;
  streams: Array<{ codec_type: string; codec_name: string }>;
  format: { duration: string };
}

async function ffprobe(mp4: Buffer): Promise<Probe> {
  const dir = await mkdtemp(join(tmpdir(), "glint-mp-test-"));
  try {
    await writeFile(join(dir, "v.mp4"), mp4);
    const { stdout } = await run("ffprobe", ["-v", "error", "-print_format", "json", "-show_chapters", "-show_streams", "-show_format", join(dir, "v.mp4")], { timeout: 30_000 });
    return JSON.parse(stdout) as Probe;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function storedOutput(generationId: string) {
  const generation = await h.ctx.db.generation.findUniqueOrThrow({ where: { id: generationId } });
  const asset = await h.ctx.db.asset.findUniqueOrThrow({ where: { id: generation.outputAssetId! } });
  return { asset, bytes: await buffer(await h.ctx.storage.get(asset.storageKey)) };
}

/** Mean absolute grey difference of one horizontal band (fractions of the height) of two frames. */
async function bandDifference(a: Buffer, b: Buffer, from: number, to: number): Promise<number> {
  const band = async (png: Buffer) => {
    const { width, height } = await sharp(png).metadata();
    const top = Math.round(height! * from);
    return sharp(png).extract({ left: 0, top, width: width!, height: Math.round(height! * to) - top }).greyscale().resize(64, 16, { fit: "fill" }).raw().toBuffer();
  };
  const [pa, pb] = await Promise.all([band(a), band(b)]);
  let sum = 0;
  for (let i = 0; i < pa.length; i++) sum += Math.abs(pa[i] - pb[i]);
  return sum / pa.length;
}

const SEGMENT = 2;
const TRANSITION = 0.5;

describe("a multi-photo video from 4 images", () => {
  let product: string;
  let images: string[];
  let withExtras: string;

  beforeAll(async () => {
    product = withPhotos(2)[0];
    // Two of the product's own photos and two Glint results, in the order they should play.
    const [first, second] = mediaGids(product);
    images = [first, await glintOutput(product, 1), second, await glintOutput(product, 3)];
  });

  it("has 4 segments and the expected duration, music, the title band, a poster, progress per stage, and is written back", async () => {
    const before = await h.balance();
    const { generation, creditsReserved } = await requestMultiPhotoVideo(h.ctx, h.admin, {
      shopDomain: h.domain,
      productId: product,
      images,
      mode: "stills",
      segmentSeconds: SEGMENT,
      transition: "fade",
      aspectRatio: "1:1",
      overlay: true,
      music: "calm",
    });
    withExtras = generation.id;
    expect(creditsReserved).toBe(h.ctx.env.MULTI_PHOTO_STILLS_CREDITS);

    const ready = await h.waitFor(generation.id, undefined, 120_000);
    expect(ready.errorMessage).toBeNull();
    expect(ready).toMatchObject({ status: "ready_for_review", capability: "multi_photo_video", style: "multi_photo_video" });
    expect(readProgress(ready.progress)).toMatchObject({ stage: "store", percent: 100 });
    const job = await h.ctx.queues[QUEUE.generation].getJob(jobId(MULTI_PHOTO_VIDEO_JOB, generation.id));
    expect(job?.progress).toMatchObject({ stage: "store", percent: 100 });
    expect(ready.options).toMatchObject({ multiPhoto: { overlay: { title: simProduct(product).title } } });

    const { asset, bytes } = await storedOutput(generation.id);
    expect(asset).toMatchObject({ kind: "output", mimeType: "video/mp4" });
    const probe = await ffprobe(bytes);
    expect(probe.chapters).toHaveLength(4);
    const expectedSeconds = 4 * SEGMENT - 3 * TRANSITION;
    expect(Math.abs(Number(probe.format.duration) - expectedSeconds)).toBeLessThanOrEqual(0.25);
    expect(probe.streams.filter((s) => s.codec_type === "video")).toHaveLength(1);
    expect(probe.streams.find((s) => s.codec_type === "audio")).toMatchObject({ codec_name: "aac" });
    const poster = await h.ctx.db.asset.findUniqueOrThrow({ where: { id: ready.posterAssetId! } });
    await expect(checkImage(await buffer(await h.ctx.storage.get(poster.storageKey)), { minSide: 64 })).resolves.toBeTruthy();
    expect(await h.balance()).toBe(before - creditsReserved);

    // Approved: it lands on the product in the store as a video, and the credits are charged.
    const mediaBefore = simProduct(product).media.length;
    await approveAndPublish(h.ctx, { shopDomain: h.domain, generationId: ready.id });
    const published = await h.waitFor(ready.id, ["published", "failed"]);
    expect(published.errorMessage).toBeNull();
    expect(published.status).toBe("published");
    const media = simProduct(product).media;
    expect(media).toHaveLength(mediaBefore + 1);
    expect(media[media.length - 1]).toMatchObject({ typename: "Video", mimeType: "video/mp4" });
    expect(await generationCredits(h.ctx.db, h.shop.id, ready.id)).toMatchObject({ committed: true, charged: creditsReserved });
  });

  it("without overlay or music: same picture above the band, no title band, no audio", async () => {
    const { generation } = await requestMultiPhotoVideo(h.ctx, h.admin, {
      shopDomain: h.domain,
      productId: product,
      images,
      mode: "stills",
      segmentSeconds: SEGMENT,
      transition: "fade",
      aspectRatio: "1:1",
    });
    const ready = await h.waitFor(generation.id, undefined, 120_000);
    expect(ready.status).toBe("ready_for_review");
    const plain = await storedOutput(generation.id);
    const extras = await storedOutput(withExtras);
    const probe = await ffprobe(plain.bytes);
    expect(probe.chapters).toHaveLength(4);
    expect(probe.streams.some((s) => s.codec_type === "audio")).toBe(false);

    // The middle of the first segment in both renders.
    const at = [(SEGMENT - TRANSITION) / 2 / (4 * SEGMENT - 3 * TRANSITION)];
    const [[a], [b]] = await Promise.all([sampleFrames(plain.bytes, plain.asset.durationMs!, {}, at), sampleFrames(extras.bytes, extras.asset.durationMs!, {}, at)]);
    expect(await bandDifference(a.png, b.png, 0.05, 0.7)).toBeLessThan(4);
    expect(await bandDifference(a.png, b.png, 0.78, 0.98)).toBeGreaterThan(15);
  });

  it("clips mode: a video model animates each angle (the requested segment covered by the model's own duration)", async () => {
    const gid = steady(3)[0];
    const { generation, creditsReserved } = await requestMultiPhotoVideo(h.ctx, h.admin, {
      shopDomain: h.domain,
      productId: gid,
      images: mediaGids(gid).slice(0, 3),
      mode: "clips",
      segmentSeconds: 3,
      transition: "dissolve",
      aspectRatio: "9:16",
      modelId: "kling-1.6-standard",
    });
    expect(creditsReserved).toBe(3 * 5);
    const ready = await h.waitFor(generation.id, undefined, 180_000);
    expect(ready.errorMessage).toBeNull();
    expect(ready.status).toBe("ready_for_review");
    const clips = parseAttempts(ready.attempts);
    expect(clips.map((a) => [a.segment, a.modelId, a.outcome, a.durationSeconds])).toEqual([
      [1, "kling-1.6-standard", "succeeded", 5],
      [2, "kling-1.6-standard", "succeeded", 5],
      [3, "kling-1.6-standard", "succeeded", 5],
    ]);
    // Each clip kept the product of its photo.
    for (const clip of clips) expect(clip.fidelityScore).toBeGreaterThanOrEqual(h.ctx.engine.fidelityThreshold);
    const { bytes } = await storedOutput(generation.id);
    const probe = await ffprobe(bytes);
    expect(probe.chapters).toHaveLength(3);
    expect(Math.abs(Number(probe.format.duration) - (3 * 3 - 2 * TRANSITION))).toBeLessThanOrEqual(0.25);
  });
});

describe("failures never reach review", () => {
  /** Two of the product's photos animated by Kling (5 credits each), 2 s per angle. */
  const twoClips = (gid: string) =>
    requestMultiPhotoVideo(h.ctx, h.admin, { shopDomain: h.domain, productId: gid, images: mediaGids(gid).slice(0, 2), mode: "clips", segmentSeconds: 2, modelId: "kling-1.6-standard" });

  const KLING_REPLICATE = "kwaivgi/kling-v1.6-standard";

  it("a failing clip model: that angle falls back to the next video model that costs no more", async () => {
    const gid = steady(2)[1];
    await h.faults("replicate", { models: { [KLING_REPLICATE]: { faults: { job_failure: 1 } } } });
    const { generation } = await twoClips(gid);
    const ready = await h.waitFor(generation.id, undefined, 180_000);
    expect(ready.errorMessage).toBeNull();
    expect(ready.status).toBe("ready_for_review");
    const clips = parseAttempts(ready.attempts);
    expect(clips.map((a) => [a.segment, a.modelId, a.outcome])).toEqual([
      [1, "kling-1.6-standard", "failed"],
      [1, "kling-1.6-standard-fal", "succeeded"],
      [2, "kling-1.6-standard", "failed"],
      [2, "kling-1.6-standard-fal", "succeeded"],
    ]);
    expect((await ffprobe((await storedOutput(generation.id)).bytes)).chapters).toHaveLength(2);
  });

  it("a clip model at its concurrency limit is passed over for the next (and its slots are not held afterwards)", async () => {
    const gid = steady(2)[2];
    const health = modelHealth(h.ctx);
    const kling = h.ctx.registry.get("kling-1.6-standard");
    const others = Array.from({ length: kling.maxConcurrency }, (_, i) => `elsewhere.${i}`);
    for (const token of others) expect(await health.acquireSlot(kling.id, token, kling.maxConcurrency, 60_000)).toBe(true);
    try {
      const { generation } = await twoClips(gid);
      const ready = await h.waitFor(generation.id, undefined, 180_000);
      expect(ready.status).toBe("ready_for_review");
      expect(parseAttempts(ready.attempts).map((a) => [a.segment, a.modelId, a.outcome])).toEqual([
        [1, "kling-1.6-standard-fal", "succeeded"],
        [2, "kling-1.6-standard-fal", "succeeded"],
      ]);
    } finally {
      for (const token of others) await health.releaseSlot(kling.id, token);
    }
    const fal = h.ctx.registry.get("kling-1.6-standard-fal");
    // Every slot of the model that ran is free again.
    const probes = Array.from({ length: fal.maxConcurrency }, (_, i) => `probe.${i}`);
    for (const token of probes) expect(await health.acquireSlot(fal.id, token, fal.maxConcurrency, 60_000)).toBe(true);
    for (const token of probes) await health.releaseSlot(fal.id, token);
  });

  it("a clip that changes the product is rejected and that angle comes from the next model", async () => {
    const gid = steady(2)[3];
    await h.faults("replicate", { models: { [KLING_REPLICATE]: { faults: { altered_product: { rate: 1, times: 1 } } } } });
    const { generation } = await twoClips(gid);
    const ready = await h.waitFor(generation.id, undefined, 180_000);
    expect(ready.errorMessage).toBeNull();
    expect(ready.status).toBe("ready_for_review");
    const clips = parseAttempts(ready.attempts);
    expect(clips.map((a) => [a.segment, a.modelId, a.outcome, a.errorCode ?? null])).toEqual([
      [1, "kling-1.6-standard", "rejected", "output_invalid:product_altered"],
      [1, "kling-1.6-standard-fal", "succeeded", null],
      [2, "kling-1.6-standard", "succeeded", null],
    ]);
    expect(clips[0].fidelityScore).toBeLessThan(h.ctx.engine.fidelityThreshold);
  });

    it("every affordable clip model fails or returns blank: the generation fails, nothing is stored, credits come back", async () => {
    const gid = withPhotos(2)[2];
    const before = await h.balance();
    await h.faults("replicate", { models: { [KLING_REPLICATE]: { faults: { job_failure: 1 } } } });
    await h.faults("fal", { defaults: { faults: { blank_image: 1 } } });
    const { generation, creditsReserved } = await twoClips(gid);
    expect(creditsReserved).toBe(10);
    const done = await h.waitFor(generation.id, undefined, 180_000);
    expect(done.status).toBe("failed");
    expect(done.outputAssetId).toBeNull();
    expect(done.errorMessage).toMatch(/No video model could animate photo 1\. No credits were used/);
    const tried = parseAttempts(done.attempts);
    expect(tried.map((a) => [a.modelId, a.outcome])).toEqual([
      ["kling-1.6-standard", "failed"],
      ["kling-1.6-standard-fal", "rejected"],
      ["seedance-1-pro", "rejected"],
    ]);
    expect(tried[1].errorCode).toBe("output_invalid:blank");
    expect(await h.balanceSettlesAt(before)).toBe(before);
  });

  it("cancelled while it renders: it stops, nothing reaches review, the credits come back", async () => {
    const gid = withPhotos(2)[5];
    const before = await h.balance();
    const { generation } = await twoClips(gid);
    await waitForGeneration(h.ctx.db, generation.id, ["generating"], 30_000);
    await cancelGeneration(h.ctx, { shopDomain: h.domain, generationId: generation.id });
    expect(await h.balanceSettlesAt(before)).toBe(before);
    // The job notices and stops at its next stage or poll without touching the cancelled row.
    const job = await h.ctx.queues[QUEUE.generation].getJob(jobId(MULTI_PHOTO_VIDEO_JOB, generation.id));
    await vi.waitFor(async () => expect(await job!.isCompleted()).toBe(true), { timeout: 60_000, interval: 250 });
    const after = await h.ctx.db.generation.findUniqueOrThrow({ where: { id: generation.id } });
    expect(after).toMatchObject({ status: "cancelled", outputAssetId: null });
    expect(await h.balance()).toBe(before);
  });

  it("a blank photo among the chosen ones: failed with the photo named, credits come back", async () => {
    const gid = withPhotos(2)[3];
    const before = await h.balance();
    const white = await sharp({ create: { width: 800, height: 800, channels: 3, background: "#ffffff" } }).png().toBuffer();
    const { generation } = await requestMultiPhotoVideo(h.ctx, h.admin, {
      shopDomain: h.domain,
      productId: gid,
      images: [mediaGids(gid)[0], await glintOutput(gid, 0, white), mediaGids(gid)[1]],
      mode: "stills",
    });
    const done = await h.waitFor(generation.id, undefined, 60_000);
    expect(done.status).toBe("failed");
    expect(done.outputAssetId).toBeNull();
    expect(done.errorMessage).toMatch(/Photo 2 is blank/);
    expect(await h.balanceSettlesAt(before)).toBe(before);

    // Retry (Jobs page) renders it again through the same job at the same price, not the image pipeline.
    const retried = await retryGeneration(h.ctx, { shopDomain: h.domain, generationId: done.id });
    expect(retried.creditsReserved).toBe(h.ctx.env.MULTI_PHOTO_STILLS_CREDITS);
    const again = await h.waitFor(retried.generations[0].id, undefined, 60_000);
    expect(again).toMatchObject({ status: "failed", capability: "multi_photo_video" });
    expect(again.errorMessage).toMatch(/Photo 2 is blank/);
    expect(await h.balanceSettlesAt(before)).toBe(before);
  });
});
