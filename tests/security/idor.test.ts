/**
 * Cross-shop access: a genuine session token for shop A, used to reach shop B's generations,
 * batches, products, credits and stored files through every route. Each answer is a 404 (or an
 * empty or A-only result for lists), never B's data, and B's records are untouched.
 */
import { afterAll, beforeAll, expect } from "vitest";
import { apiRequest, startAppUnderTest, type AppUnderTest } from "./support/app-under-test";
import { seedTargets, type ShopTargets } from "./support/fixtures";
import { fromResponse, hostileSuite, reportHostileTally, type HostileCase, type Rejection } from "./support/hostile";
import { sideEffects } from "./support/side-effects";

let app: AppUnderTest;
let b: ShopTargets;

beforeAll(async () => {
  app = await startAppUnderTest({ creditsPerShop: 100 });
  await seedTargets(app, app.shops.a, 1);
  b = await seedTargets(app, app.shops.b, 2);
  // B holds more credits than A, so a leaked balance would show.
  await app.test.ctx.db.ledgerEntry.create({ data: { shopId: app.shops.b.id, kind: "grant", amount: 777, idempotencyKey: "b-extra" } });
});
afterAll(async () => {
  await app?.close();
});
reportHostileTally(import.meta.filename);

/** Shop A's token on a route, with shop B's ids. */
async function asShopA(file: string, path: string, init: { method?: "GET" | "POST"; body?: unknown; params?: Record<string, string> } = {}): Promise<Rejection> {
  const request = apiRequest(path, { method: init.method ?? "GET", token: app.token(app.shops.a.domain), body: init.body });
  return fromResponse(await app.call(file, request, init.params));
}

const NOT_FOUND = /not found|no longer exist/i;
const json = (rejection: Rejection) => JSON.parse(rejection.message) as Record<string, unknown>;
const noneOfB = (rejection: Rejection) => {
  expect(rejection.message).not.toContain(app.shops.b.id);
  for (const id of [b.ready, b.failed, b.pending, b.batchId]) expect(rejection.message).not.toContain(id);
};

const generationRoutes = (key: "ready" | "failed" | "pending") => [
  { verb: "GET", file: "api.generations.$id", suffix: "", method: "GET" as const },
  { verb: "approve", file: "api.generations.$id.approve", suffix: "/approve", method: "POST" as const },
  { verb: "cancel", file: "api.generations.$id.cancel", suffix: "/cancel", method: "POST" as const },
  { verb: "retry", file: "api.generations.$id.retry", suffix: "/retry", method: "POST" as const },
].map((route) => ({ ...route, key }));

const cases: HostileCase[] = [
  // Every generation route × every state of B's generations: 404, nothing moves.
  ...(["ready", "failed", "pending"] as const).flatMap((key) =>
    generationRoutes(key).map((route) => ({
      name: `${route.verb} shop B's ${key} generation`,
      status: 404,
      message: NOT_FOUND,
      attack: () => asShopA(route.file, `/api/generations/${b[key]}${route.suffix}`, { method: route.method, body: route.method === "POST" ? {} : undefined, params: { id: b[key] } }),
      check: noneOfB,
    })),
  ),
  {
    name: "list shop B's batch",
    status: 200,
    attack: () => asShopA("api.generations", `/api/generations?batchId=${b.batchId}`),
    check: (r) => {
      expect(json(r).generations).toEqual([]);
      noneOfB(r);
    },
  },
  {
    name: "list generations with status filter (A's only)",
    status: 200,
    attack: () => asShopA("api.generations", "/api/generations?status=ready_for_review&status=failed&status=pending"),
    check: (r) => {
      expect((json(r).generations as unknown[]).length).toBe(3);
      noneOfB(r);
    },
  },
  {
    name: "generate for shop B's products",
    status: 404,
    message: /no longer exist|could not be found/i,
    attack: () => asShopA("api.generations", "/api/generations", { method: "POST", body: { productIds: app.shops.b.productGids.slice(0, 2), style: "studio" } }),
  },
  {
    name: "generate for a mix of A's and B's products",
    status: 404,
    message: /no longer exist|could not be found/i,
    attack: () => asShopA("api.generations", "/api/generations", { method: "POST", body: { productIds: [app.shops.a.productGids[1], app.shops.b.productGids[1]], style: "studio" } }),
  },
  {
    name: "read the balance (A's, never B's)",
    status: 200,
    attack: () => asShopA("api.credits", "/api/credits"),
    check: (r) => expect(json(r).balance).toBe(100),
  },
  {
    name: "search products by B's product id",
    status: 200,
    attack: () => asShopA("api.products", `/api/products?q=${encodeURIComponent(app.shops.b.productGids[0])}`),
    check: (r) => {
      const ids = (json(r).products as Array<{ id: string }>).map((p) => p.id);
      expect(ids.filter((id) => app.shops.b.productGids.includes(id))).toEqual([]);
    },
  },
  {
    name: "page through products (A's only)",
    status: 200,
    attack: () => asShopA("api.products", "/api/products?first=100"),
    check: (r) => {
      const ids = (json(r).products as Array<{ id: string }>).map((p) => p.id);
      expect(ids.sort()).toEqual([...app.shops.a.productGids].sort());
    },
  },
  ...assetCases(),
];

/** Stored files: only a URL signed for that exact key, unexpired, is served. */
function assetCases(): HostileCase[] {
  const get = async (path: string) => fromResponse(await app.call("assets.$", apiRequest(path), { "*": path.slice("/assets/".length).split("?")[0] }));
  const signedFor = async (key: string, expires = 3600) => new URL(await app.test.ctx.storage.url(key, { expiresInSeconds: expires }));
  return [
    { name: "shop B's output without a signature", status: 403, attack: () => get(`/assets/${b.outputKey}`) },
    {
      name: "shop B's output with a signature for another key",
      status: 403,
      attack: async () => {
        const url = await signedFor(`shops/${app.shops.a.id}/output/${"0".repeat(64)}.png`);
        return get(`/assets/${b.outputKey}${url.search}`);
      },
    },
    {
      name: "shop B's output with an expired signature",
      status: 403,
      attack: async () => {
        const url = await signedFor(b.outputKey, -60);
        return get(`${url.pathname}${url.search}`);
      },
    },
    {
      name: "signed URL with its expiry pushed forward",
      status: 403,
      attack: async () => {
        const url = await signedFor(b.outputKey, 60);
        url.searchParams.set("exp", String(Number(url.searchParams.get("exp")) + 86_400));
        return get(`${url.pathname}${url.search}`);
      },
    },
    {
      name: "path traversal out of the store",
      status: 403,
      attack: () => get("/assets/../../../../etc/passwd"),
    },
  ];
}

hostileSuite("cross-shop access (IDOR)", cases, { sideEffects: () => sideEffects(app.test.ctx, app.storageDir) });
