/**
 * The two read routes the admin action extensions call before and after queueing: the quote
 * (cost and balance shown BEFORE confirming) and a product's latest results.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiRequest, startAppUnderTest, type AppUnderTest } from "../security/support/app-under-test";
import { seedTargets, type ShopTargets } from "../security/support/fixtures";

let app: AppUnderTest;
let a: ShopTargets;

beforeAll(async () => {
  app = await startAppUnderTest({ creditsPerShop: 30 });
  a = await seedTargets(app, app.shops.a, 1);
  await seedTargets(app, app.shops.b, 2);
});
afterAll(async () => {
  await app?.close();
});

async function get(file: string, path: string, params?: Record<string, string>) {
  const response = await app.call(file, apiRequest(path, { method: "GET", token: app.token(app.shops.a.domain) }), params);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("GET /api/quote", () => {
  it("prices a selection with the request's own model and shows the balance after", async () => {
    const { status, body } = await get("api.quote", "/api/quote?style=lifestyle&products=3&count=2");
    expect(status).toBe(200);
    const model = app.test.ctx.registry.get(body.modelId as string);
    expect(model.capabilities).toContain("scene_generation");
    expect(body).toMatchObject({ style: "lifestyle", creditsEach: model.credits, count: 6, totalCredits: 6 * model.credits, balance: 30 });
    expect(body.balanceAfter).toBe(30 - 6 * model.credits);
    expect(body.blocked).toBeUndefined();
  });

  it("resolves automatic to the merchant's default style", async () => {
    await app.test.ctx.db.shop.update({ where: { id: app.shops.a.id }, data: { settings: { general: { defaultStyles: ["packshot"] } } } });
    const { body } = await get("api.quote", "/api/quote?style=auto");
    expect(body.style).toBe("packshot");
  });

  it("says up front when the balance is too low, without reserving anything", async () => {
    const { status, body } = await get("api.quote", "/api/quote?style=lifestyle&products=25");
    expect(status).toBe(200);
    expect((body.blocked as { code: string; message: string }).code).toBe("insufficient_credits");
    expect((body.blocked as { message: string }).message).toMatch(/credits/i);
    expect(await app.test.ctx.db.ledgerEntry.count({ where: { shopId: app.shops.a.id, kind: "reserve" } })).toBe(0);
  });

  it("refuses an unknown style and silly quantities with a clear 400", async () => {
    for (const query of ["style=sparkles", "products=0", "count=99", "products=abc"]) {
      const { status, body } = await get("api.quote", `/api/quote?${query}`);
      expect(status, query).toBe(400);
      expect((body.error as { message: string }).message.length, query).toBeGreaterThan(5);
    }
  });
});

describe("GET /api/products/:id/results", () => {
  it("lists this shop's results for the product, newest first, with a preview for finished ones", async () => {
    const gid = app.shops.a.productGids[0];
    const { status, body } = await get("api.products.$id.results", `/api/products/${encodeURIComponent(gid)}/results`, { id: gid });
    expect(status).toBe(200);
    const results = body.results as Array<{ generationId: string; status: string; previewUrl: string | null; createdAt: string }>;
    expect(results.map((r) => r.generationId).sort()).toEqual([a.ready, a.failed, a.pending].sort());
    expect(results.find((r) => r.generationId === a.ready)?.previewUrl).toMatch(/\/assets\/.+sig=/);
    expect(results.find((r) => r.generationId === a.pending)?.previewUrl).toBeNull();
    const times = results.map((r) => Date.parse(r.createdAt));
    expect(times).toEqual([...times].sort((x, y) => y - x));
  });

  it("shows nothing of another shop's product", async () => {
    const gid = app.shops.b.productGids[0];
    const { status, body } = await get("api.products.$id.results", `/api/products/${encodeURIComponent(gid)}/results`, { id: gid });
    expect(status).toBe(200);
    expect(body.results).toEqual([]);
  });
});
