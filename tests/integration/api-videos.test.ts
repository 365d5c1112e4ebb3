/**
 * /api/videos as the pages and extensions call it, with real session tokens against the store
 * simulator: a malformed request is a 400 that says what to fix, another shop's product or image
 * is never found (and nothing is created or charged), and the credits quoted before confirming are
 * exactly the credits the request then reserves.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiRequest, startAppUnderTest, type AppUnderTest } from "../security/support/app-under-test";

let app: AppUnderTest;

beforeAll(async () => {
  app = await startAppUnderTest({ productsPerShop: 4, creditsPerShop: 200 });
});
afterAll(async () => {
  await app?.close();
});

type Body = { error?: { code: string; message: string }; [key: string]: unknown };

async function post(body: unknown, shop = app.shops.a.domain) {
  const response = await app.call("api.videos", apiRequest("/api/videos", { method: "POST", token: app.token(shop), body }));
  return { status: response.status, body: (await response.json()) as Body };
}

async function quote(query: string, shop = app.shops.a.domain) {
  const response = await app.call("api.videos", apiRequest(`/api/videos?${query}`, { token: app.token(shop) }));
  return { status: response.status, body: (await response.json()) as Body & { totalCredits: number; balance: number; fittedDurationSeconds?: number | null } };
}

const mediaOf = (domain: string, gid: string) =>
  app.sim.store
    .productWithMedia(domain, Number(gid.split("/").pop()))!
    .media.filter((m) => m.typename === "MediaImage")
    .map((m) => `gid://shopify/MediaImage/${m.id}`);

async function reservedFor(shopId: string): Promise<number> {
  const entries = await app.test.ctx.db.ledgerEntry.findMany({ where: { shopId, kind: "reserve" } });
  return entries.reduce((sum, e) => sum + Math.abs(e.amount), 0);
}

describe("POST /api/videos validation", () => {
  it("answers 400 with a sentence saying what to fix", async () => {
    const a = app.shops.a;
    const cases: Array<[unknown, RegExp]> = [
      [{ productIds: [a.productGids[0]] }, /kind is product_video or multi_photo/],
      [{ kind: "product_video", productIds: [a.productGids[0]], motion: "zoom_blast", durationSeconds: 5, aspectRatio: "1:1" }, /Choose a camera move: slow orbit, push in, reveal, lifestyle scene/],
      [{ kind: "product_video", productIds: [a.productGids[0]], motion: "push_in", durationSeconds: 30, aspectRatio: "1:1" }, /lasts 2 to 12 seconds/],
      [{ kind: "product_video", productIds: [a.productGids[0]], motion: "push_in", durationSeconds: 5, aspectRatio: "4:5" }, /Choose a video shape: 9:16, 1:1, 16:9/],
      [{ kind: "product_video", productIds: [a.productGids[0]], motion: "push_in", durationSeconds: 5, aspectRatio: "1:1", modelId: "flux-2-pro" }, /cannot produce this style/],
      [{ kind: "multi_photo", productId: a.productGids[0], images: [mediaOf(a.domain, a.productGids[0])[0]], mode: "stills" }, /Choose at least 2 photos/],
      [{ kind: "multi_photo", productId: a.productGids[0], images: ["x", "x"], mode: "stills" }, /each photo only once/],
      [{ kind: "multi_photo", productId: a.productGids[0], images: ["x", "y"], mode: "slideshow" }, /Choose stills .* or clips/],
      [{ kind: "multi_photo", productId: a.productGids[0], images: ["x", "y"], mode: "stills", segmentSeconds: 9 }, /at most 6 seconds/],
      [{ kind: "multi_photo", productId: a.productGids[0], images: ["x", "y"], mode: "stills", music: "rock" }, /Choose music from: calm, upbeat, bright/],
      [{ kind: "multi_photo", productId: a.productGids[0], images: ["x", "y"], mode: "stills" }, /Photo 1 is not one of this product's images/],
    ];
    for (const [body, message] of cases) {
      const { status, body: answer } = await post(body);
      expect(status, JSON.stringify(body)).toBe(400);
      expect(answer.error?.message, JSON.stringify(body)).toMatch(message);
    }
    const raw = await app.call("api.videos", apiRequest("/api/videos", { method: "POST", token: app.token(a.domain), rawBody: "{not json" }));
    expect(raw.status).toBe(400);
    expect(await app.test.ctx.db.generation.count({ where: { shopId: a.id } })).toBe(0);
    expect(await reservedFor(a.id)).toBe(0);
  });

  it("refuses a request without a valid session token", async () => {
    const response = await app.call("api.videos", apiRequest("/api/videos", { method: "POST", token: app.token(app.shops.a.domain, { secret: "wrong-secret-0123456789" }), body: {} }));
    expect(response.status).toBe(401);
  });
});

describe("another shop's products and images", () => {
  it("are not found through /api/videos: nothing is created or reserved", async () => {
    const { a, b } = app.shops;
    const theirs = b.productGids[0];
    const video = await post({ kind: "product_video", productIds: [theirs], motion: "push_in", durationSeconds: 5, aspectRatio: "1:1" });
    expect(video.status).toBe(404);
    expect(video.body.error?.code).toBe("product_not_found");

    const multi = await post({ kind: "multi_photo", productId: theirs, images: mediaOf(b.domain, theirs).slice(0, 2), mode: "stills" });
    expect(multi.status).toBe(404);

    // Shop B's photos named for shop A's product are not its images.
    const mixed = await post({ kind: "multi_photo", productId: a.productGids[1], images: [mediaOf(a.domain, a.productGids[1])[0], mediaOf(b.domain, theirs)[0]], mode: "stills" });
    expect(mixed.status).toBe(400);
    expect(mixed.body.error?.message).toMatch(/Photo 2 is not one of this product's images/);

    // Shop B's Glint result (an asset id) is not shop A's either.
    const productB = await app.test.ctx.db.product.create({ data: { shopId: b.id, shopifyId: theirs, title: "Theirs", handle: "theirs", contentHash: "x" } });
    const assetB = await app.test.ctx.db.asset.create({
      data: { shopId: b.id, productId: productB.id, kind: "output", storageKey: "b/x.png", checksum: "b".repeat(64), mimeType: "image/png", bytes: 10 },
    });
    const stolen = await post({ kind: "multi_photo", productId: a.productGids[1], images: [mediaOf(a.domain, a.productGids[1])[0], assetB.id], mode: "stills" });
    expect(stolen.status).toBe(400);

    expect(await app.test.ctx.db.generation.count({ where: { shopId: a.id } })).toBe(0);
    expect(await reservedFor(a.id)).toBe(0);

    // The photo picker lists a product's own images only for its own shop.
    const own = await quote(`kind=photos&productId=${encodeURIComponent(a.productGids[1])}`);
    expect(own.status).toBe(200);
    expect((own.body.photos as Array<{ id: string }>).map((p) => p.id)).toEqual(mediaOf(a.domain, a.productGids[1]));
    const foreign = await quote(`kind=photos&productId=${encodeURIComponent(theirs)}`);
    expect(foreign.status).toBe(404);
    expect(JSON.stringify(foreign.body)).not.toContain(assetB.id);
  });
});

describe("credits quoted are credits reserved", () => {
  it("product video on Sora 2 for 2 products, 10 s asked: 2 × 20 credits, Sora makes 8 s", async () => {
    const { a } = app.shops;
    const q = await quote("kind=product_video&products=2&modelId=sora-2&durationSeconds=10");
    expect(q.status).toBe(200);
    expect(q.body).toMatchObject({ modelId: "sora-2", creditsEach: 20, totalCredits: 40, fittedDurationSeconds: 8 });
    // Every model that animates a photo can be picked, each with the length it would make.
    expect(q.body.models).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: "kling-1.6-standard", credits: 5, fittedDurationSeconds: 10 }),
        expect.objectContaining({ id: "sora-2", credits: 20, fittedDurationSeconds: 8 }),
        expect.objectContaining({ id: "veo-3.1", credits: 25, fittedDurationSeconds: 8 }),
      ]),
    );
    const before = await reservedFor(a.id);
    const created = await post({ kind: "product_video", productIds: a.productGids.slice(0, 2), motion: "reveal", durationSeconds: 10, aspectRatio: "16:9", modelId: "sora-2" });
    expect(created.status).toBe(202);
    expect(created.body.creditsReserved).toBe(q.body.totalCredits);
    expect((await reservedFor(a.id)) - before).toBe(q.body.totalCredits);
    const after = await quote("kind=product_video&products=1");
    expect(after.body.balance).toBe(q.body.balance - q.body.totalCredits);
  });

  it("multi-photo video: stills at the configured price, clips at the model's credits per angle", async () => {
    const { a } = app.shops;
    const gid = a.productGids[2];
    const photos = mediaOf(a.domain, gid).slice(0, 2);

    const stills = await quote("kind=multi_photo&mode=stills&angles=2");
    expect(stills.body.totalCredits).toBe(app.test.ctx.env.MULTI_PHOTO_STILLS_CREDITS);
    let before = await reservedFor(a.id);
    const madeStills = await post({ kind: "multi_photo", productId: gid, images: photos, mode: "stills", overlay: true, music: "calm" });
    expect(madeStills.status).toBe(202);
    expect(madeStills.body.creditsReserved).toBe(stills.body.totalCredits);
    expect((await reservedFor(a.id)) - before).toBe(stills.body.totalCredits);

    const clips = await quote("kind=multi_photo&mode=clips&angles=2&modelId=kling-1.6-standard");
    expect(clips.body.totalCredits).toBe(10);
    before = await reservedFor(a.id);
    const madeClips = await post({ kind: "multi_photo", productId: gid, images: photos, mode: "clips", modelId: "kling-1.6-standard" });
    expect(madeClips.body.creditsReserved).toBe(clips.body.totalCredits);
    expect((await reservedFor(a.id)) - before).toBe(clips.body.totalCredits);

    // The same request again joins the one in flight: nothing more is reserved.
    const again = await post({ kind: "multi_photo", productId: gid, images: photos, mode: "clips", modelId: "kling-1.6-standard" });
    expect(again.status).toBe(202);
    expect(again.body.creditsReserved).toBe(0);
    expect((await reservedFor(a.id)) - before).toBe(clips.body.totalCredits);

    const generation = await app.test.ctx.db.generation.findFirstOrThrow({ where: { shopId: a.id, capability: "multi_photo_video", options: { path: ["multiPhoto", "mode"], equals: "stills" } } });
    expect(generation.options).toMatchObject({ multiPhoto: { mode: "stills", music: "calm", overlay: { title: expect.any(String) } } });
  });

  it("a quote names the refusal the request would get when the balance is short", async () => {
    const q = await quote("kind=multi_photo&mode=clips&angles=8&modelId=veo-3.1");
    expect(q.body.totalCredits).toBe(8 * 25);
    expect(q.body.blocked).toMatchObject({ code: "insufficient_credits" });
  });
});
