/**
 * Quantities and credit amounts: negative, zero, fractional, huge, non-numeric and wrongly typed
 * values on POST /api/generations, on approval choices and directly on the ledger functions that
 * move credits. Each is refused before a row, job or ledger entry is written; a reservation beyond
 * the balance is refused without a partial hold; a shop cannot commit another shop's reservation.
 */
import { afterAll, beforeAll } from "vitest";
import { commitCredits, grantCredits, refundCredits, releaseCredits, reserveCredits } from "../../app/billing/ledger.server";
import { apiRequest, startAppUnderTest, type AppUnderTest } from "./support/app-under-test";
import { seedTargets, type ShopTargets } from "./support/fixtures";
import { fromResponse, fromThrown, hostileSuite, reportHostileTally, type HostileCase } from "./support/hostile";
import { sideEffects } from "./support/side-effects";

let app: AppUnderTest;
let a: ShopTargets;
let b: ShopTargets;

beforeAll(async () => {
  app = await startAppUnderTest({ creditsPerShop: 20 });
  a = await seedTargets(app, app.shops.a, 1);
  b = await seedTargets(app, app.shops.b, 2);
  // B's pending generation holds a reservation that A must not be able to touch.
  await reserveCredits(app.test.ctx.db, { shopId: app.shops.b.id, generationId: b.pending, amount: 5, idempotencyKey: `${b.pending}.reserve` });
});
afterAll(async () => {
  await app?.close();
});
reportHostileTally(import.meta.filename);

const generate = async (body: Record<string, unknown>) =>
  fromResponse(await app.call("api.generations", apiRequest("/api/generations", { method: "POST", token: app.token(app.shops.a.domain), body: { productIds: [app.shops.a.productGids[0]], style: "studio", ...body } })));
const approve = async (body: Record<string, unknown>) =>
  fromResponse(await app.call("api.generations.$id.approve", apiRequest(`/api/generations/${a.ready}/approve`, { method: "POST", token: app.token(app.shops.a.domain), body }), { id: a.ready }));

const COUNTS: Array<[string, unknown]> = [["-1", -1], ["0", 0], ["5 (above the maximum)", 5], ["1.5", 1.5], ["1e9", 1e9], ['"2" (a string)', "2"], ["null", null], ["an array", [1]]];
const AMOUNTS: Array<[string, number]> = [["-5", -5], ["0", 0], ["1.5", 1.5], ["NaN", Number.NaN], ["Infinity", Number.POSITIVE_INFINITY], ["2^31 (overflows the column)", 2 ** 31], ["2^53 + 2", 2 ** 53 + 2]];

const db = () => app.test.ctx.db;

const cases: HostileCase[] = [
  ...COUNTS.map(([label, count]): HostileCase => ({ name: `generate with count ${label}`, status: 400, message: /count/i, attack: () => generate({ count }) })),
  { name: "generate with no products", status: 400, message: /at least one product/i, attack: () => generate({ productIds: [] }) },
  { name: "generate for 251 products", status: 400, message: /250/, attack: () => generate({ productIds: Array.from({ length: 251 }, (_, i) => `gid://shopify/Product/${i + 1}`) }) },
  { name: "generate with product ids as a string", status: 400, attack: () => generate({ productIds: app.shops.a.productGids[0] }) },
  { name: "approve at position -1", status: 400, message: /position/, attack: () => approve({ position: -1 }) },
  { name: "approve at position 1.5", status: 400, message: /position/, attack: () => approve({ position: 1.5 }) },
  { name: "approve at position 1e6", status: 400, message: /position/, attack: () => approve({ position: 1e6 }) },
  { name: "approve with 10,000 characters of alt text", status: 400, message: /alt text/i, attack: () => approve({ altText: "a".repeat(10_000) }) },
  { name: "approve with 101 variants", status: 400, attack: () => approve({ variantIds: Array.from({ length: 101 }, (_, i) => `gid://shopify/ProductVariant/${i + 1}`) }) },
  ...AMOUNTS.map(([label, amount]): HostileCase => ({
    name: `grant ${label} credits`,
    status: "RangeError",
    message: /amount/,
    attack: () => fromThrown(() => grantCredits(db(), { shopId: app.shops.a.id, amount, idempotencyKey: `grant-${label}`, reason: "attack" })),
  })),
  ...AMOUNTS.map(([label, amount]): HostileCase => ({
    name: `reserve ${label} credits`,
    status: "RangeError",
    message: /amount/,
    attack: () => fromThrown(() => reserveCredits(db(), { shopId: app.shops.a.id, generationId: a.pending, amount, idempotencyKey: `reserve-${label}` })),
  })),
  {
    name: "reserve more credits than the balance",
    status: "insufficient",
    attack: async () => {
      const result = await reserveCredits(db(), { shopId: app.shops.a.id, generationId: a.pending, amount: 21, idempotencyKey: "reserve-too-much" });
      return { status: result.ok ? "reserved" : "insufficient", message: JSON.stringify(result) };
    },
  },
  {
    name: "commit shop B's reservation as shop A",
    status: "nothing charged",
    attack: async () => {
      const { committed } = await commitCredits(db(), { shopId: app.shops.a.id, generationId: b.pending, idempotencyKey: "steal-commit" });
      return { status: committed === 0 ? "nothing charged" : `charged ${committed}`, message: "" };
    },
  },
  {
    name: "release shop B's reservation as shop A",
    status: "nothing released",
    attack: async () => {
      const { released } = await releaseCredits(db(), { shopId: app.shops.a.id, generationId: b.pending, idempotencyKey: "steal-release", reason: "attack" });
      return { status: released === 0 ? "nothing released" : `released ${released}`, message: "" };
    },
  },
  {
    name: "refund a generation that was never charged",
    status: "nothing refunded",
    attack: async () => {
      const { refunded } = await refundCredits(db(), { shopId: app.shops.a.id, generationId: a.failed, idempotencyKey: "free-refund", reason: "attack" });
      return { status: refunded === 0 ? "nothing refunded" : `refunded ${refunded}`, message: "" };
    },
  },
];

hostileSuite("quantities and credit amounts", cases, { sideEffects: () => sideEffects(app.test.ctx, app.storageDir) });
