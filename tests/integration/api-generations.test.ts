/** POST /api/generations as the extensions and pages call it: a double click charges once. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiRequest, startAppUnderTest, type AppUnderTest } from "../security/support/app-under-test";

let app: AppUnderTest;

beforeAll(async () => {
  app = await startAppUnderTest({ productsPerShop: 4, creditsPerShop: 100 });
});
afterAll(async () => {
  await app?.close();
});

async function post(body: unknown) {
  const response = await app.call("api.generations", apiRequest("/api/generations", { method: "POST", token: app.token(app.shops.a.domain), body }));
  return { status: response.status, body: (await response.json()) as { batchId?: string; generations: Array<{ id: string; existing: boolean }>; creditsReserved: number } };
}

describe("POST /api/generations", () => {
  it("joins the generation still in flight when the same request arrives twice: one job, one reservation", async () => {
    const body = { productIds: app.shops.a.productGids.slice(0, 2), style: "studio" };
    const first = await post(body);
    const second = await post(body);
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.body.generations.map((g) => g.id).sort()).toEqual(first.body.generations.map((g) => g.id).sort());
    expect(second.body.generations.every((g) => g.existing)).toBe(true);
    expect(second.body.creditsReserved).toBe(0);
    // The second answer can be followed like the first.
    expect(second.body.batchId).toBe(first.body.batchId);
    const { db } = app.test.ctx;
    expect(await db.generation.count({ where: { shopId: app.shops.a.id } })).toBe(2);
    expect(await db.ledgerEntry.count({ where: { shopId: app.shops.a.id, kind: "reserve" } })).toBe(2);
  });
});
