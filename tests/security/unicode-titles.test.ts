/**
 * Unicode in product titles: right-to-left scripts, bidi overrides, emoji sequences, combining
 * marks, astral-plane letters and a 255-character CJK title. These are legitimate catalogs: a
 * generation request is accepted (202) and the product's title is stored exactly as Shopify has
 * it; searching for it answers normally.
 */
import { afterAll, beforeAll, expect } from "vitest";
import { apiRequest, startAppUnderTest, type AppUnderTest } from "./support/app-under-test";
import { fromResponse, hostileSuite, reportHostileTally, type HostileCase } from "./support/hostile";
import { sideEffects } from "./support/side-effects";

const TITLES: Array<[string, string]> = [
  ["Arabic (RTL)", "كوب سيراميك أزرق مصنوع يدويًا"],
  ["Hebrew mixed with Latin", "ספל קרמיקה Blue 330ml"],
  ["bidi override hiding an extension", "Mug \u202Egnp.exe\u202C"],
  ["emoji ZWJ sequence", "Family mug 👨‍👩‍👧‍👦 ☕"],
  ["combining marks (zalgo)", "M̷̛̖u̸̢͝g̵̰̈́ of doom"],
  ["astral-plane letters", "𝕸𝖚𝖌 𝖔𝖋 𝖙𝖍𝖊 𝖉𝖆𝖞"],
  ["255 CJK characters", "陶瓷杯".repeat(85)],
  ["zero-width joiners and spaces", "Mu\u200Bg\u200D with\u2060 hidden breaks"],
];

let app: AppUnderTest;

beforeAll(async () => {
  app = await startAppUnderTest({ productsPerShop: TITLES.length, creditsPerShop: 200 });
  const shop = app.sim.store.requireShop(app.shops.a.domain);
  [...shop.products.values()].forEach((product, i) => (product.title = TITLES[i][1]));
});
afterAll(async () => {
  await app?.close();
});
reportHostileTally(import.meta.filename);

const cases: HostileCase[] = TITLES.flatMap(([label, title], i): HostileCase[] => [
  {
    name: `generate for a product titled in ${label}`,
    status: 202,
    acceptedWithChanges: true,
    attack: async () => {
      const gid = app.shops.a.productGids[i];
      const request = apiRequest("/api/generations", { method: "POST", token: app.token(app.shops.a.domain), body: { productIds: [gid], style: "studio" } });
      return fromResponse(await app.call("api.generations", request));
    },
    check: async () => {
      const stored = await app.test.ctx.db.product.findFirstOrThrow({ where: { shopId: app.shops.a.id, shopifyId: app.shops.a.productGids[i] } });
      expect(stored.title).toBe(title);
    },
  },
  {
    name: `search for a title in ${label}`,
    status: 200,
    attack: async () => fromResponse(await app.call("api.products", apiRequest(`/api/products?q=${encodeURIComponent(title)}`, { token: app.token(app.shops.a.domain) }))),
    check: (r) => expect(Array.isArray((JSON.parse(r.message) as { products: unknown }).products)).toBe(true),
  },
]);

hostileSuite("unicode and RTL product titles", cases, { sideEffects: () => sideEffects(app.test.ctx, app.storageDir) });
