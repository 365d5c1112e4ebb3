import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  commitCredits,
  generationCredits,
  getBalance,
  grantCredits,
  refundCredits,
  releaseCredits,
  reserveCredits,
} from "../../app/billing/ledger.server";
import { FREE_TRIAL_CREDITS } from "../../app/billing/plans";
import { grantTrialCredits } from "../../app/billing/trial.server";
import { createDb, type Db } from "../../app/db.server";
import { createTestContext, type TestContext } from "../support/harness";

let t: TestContext;
let db: Db;

beforeAll(async () => {
  t = await createTestContext();
  db = t.ctx.db;
});
afterAll(async () => {
  await t.cleanup();
});

async function newShop(credits = 0): Promise<string> {
  const shop = await db.shop.create({ data: { domain: `ledger-${Math.random().toString(36).slice(2)}.myshopify.com` } });
  if (credits > 0) await grantCredits(db, { shopId: shop.id, amount: credits, idempotencyKey: "seed", reason: "test seed" });
  return shop.id;
}

/** Small deterministic PRNG so a failing interleaving can be replayed from its seed. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

describe("credit ledger", () => {
  it("lets exactly 50 of 100 concurrent single-credit reservations through a balance of 50", async () => {
    const shopId = await newShop(50);
    // Two independent clients (two pools), as two app processes would be.
    const other = createDb(t.env.DATABASE_URL);
    try {
      const results = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          reserveCredits(i % 2 ? db : other, { shopId, generationId: `g${i}`, amount: 1, idempotencyKey: `reserve:g${i}` }),
        ),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(50);
      expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.needed === 1 && r.balance === 0)).toBe(true);
      expect(await getBalance(db, shopId)).toBe(0);
      expect(await db.ledgerEntry.count({ where: { shopId, kind: "reserve" } })).toBe(50);
    } finally {
      await other.$disconnect();
    }
  });

  it("refuses a reservation larger than the balance, says how much is missing and writes nothing", async () => {
    const shopId = await newShop(3);
    expect(await reserveCredits(db, { shopId, generationId: "big", amount: 5, idempotencyKey: "reserve:big" })).toEqual({
      ok: false,
      balance: 3,
      needed: 2,
    });
    expect(await db.ledgerEntry.count({ where: { shopId } })).toBe(1);
  });

  it("charges once when a job crashes between provider success and commit and is retried", async () => {
    const shopId = await newShop(10);
    await reserveCredits(db, { shopId, generationId: "g1", amount: 4, idempotencyKey: "gen:g1:reserve" });
    // First attempt: the commit reaches the database, then the worker dies before acking the job.
    expect(await commitCredits(db, { shopId, generationId: "g1", idempotencyKey: "gen:g1:commit" })).toEqual({ committed: 4 });
    // The retried job replays reserve (same key) and commit, and the failure path even tries to release.
    expect((await reserveCredits(db, { shopId, generationId: "g1", amount: 4, idempotencyKey: "gen:g1:reserve" })).ok).toBe(true);
    expect(await commitCredits(db, { shopId, generationId: "g1", idempotencyKey: "gen:g1:commit" })).toEqual({ committed: 4 });
    expect(await releaseCredits(db, { shopId, generationId: "g1", idempotencyKey: "gen:g1:release", reason: "failed" })).toEqual({
      released: 0,
    });
    expect(await getBalance(db, shopId)).toBe(6);

    // Crash before the commit was written: the retry commits exactly once.
    await reserveCredits(db, { shopId, generationId: "g2", amount: 2, idempotencyKey: "gen:g2:reserve" });
    const retries = await Promise.all([1, 2, 3].map(() => commitCredits(db, { shopId, generationId: "g2", idempotencyKey: "gen:g2:commit" })));
    expect(retries).toEqual([{ committed: 2 }, { committed: 2 }, { committed: 2 }]);
    expect(await db.ledgerEntry.count({ where: { shopId, generationId: "g2", kind: "commit" } })).toBe(1);
    expect(await getBalance(db, shopId)).toBe(4);
  });

  it("shows the merchant what each job was charged: the generation row follows commit and refund", async () => {
    const shopId = await newShop(10);
    const product = await db.product.create({ data: { shopId, shopifyId: "gid://shopify/Product/1", title: "Mug", handle: "mug", contentHash: "h" } });
    const generation = await db.generation.create({
      data: { shopId, productId: product.id, requestKey: "k1", capability: "enhancement", style: "studio", creditsReserved: 3 },
    });
    const charged = async () => (await db.generation.findUniqueOrThrow({ where: { id: generation.id } })).creditsCharged;
    await reserveCredits(db, { shopId, generationId: generation.id, amount: 3, idempotencyKey: "r" });
    expect(await charged()).toBe(0);
    await commitCredits(db, { shopId, generationId: generation.id, idempotencyKey: "c" });
    await commitCredits(db, { shopId, generationId: generation.id, idempotencyKey: "c" });
    expect(await charged()).toBe(3);
    await refundCredits(db, { shopId, generationId: generation.id, idempotencyKey: "f", reason: "bad result" });
    expect(await charged()).toBe(0);
    expect(await getBalance(db, shopId)).toBe(10);
  });

  it("grants the free trial once per shop, across repeated installs and concurrent auths", async () => {
    const shopId = await newShop();
    const results = await Promise.all([1, 2, 3].map(() => grantTrialCredits({ db }, shopId)));
    expect(results.map((r) => r.granted).sort()).toEqual([0, 0, FREE_TRIAL_CREDITS]);
    expect(await grantTrialCredits({ db }, shopId)).toEqual({ granted: 0 });
    expect(await getBalance(db, shopId)).toBe(FREE_TRIAL_CREDITS);
  });

  it("grants a purchase once however often it is reported", async () => {
    const shopId = await newShop();
    const grants = await Promise.all(
      [1, 2, 3, 4].map(() => grantCredits(db, { shopId, amount: 100, idempotencyKey: "purchase:77", reason: "pack", purchaseId: "77" })),
    );
    expect(grants.filter((g) => !g.duplicate)).toHaveLength(1);
    expect(await getBalance(db, shopId)).toBe(100);
  });

  it("keeps balance = grants − charges + refunds − open reservations, never negative, under random interleavings", async () => {
    for (const seed of [1, 42, 99_991]) {
      const random = mulberry32(seed);
      const shopId = await newShop();
      const pick = <T,>(xs: T[]): T => xs[Math.floor(random() * xs.length)];
      const gens = Array.from({ length: 12 }, (_, i) => ({ id: `s${seed}-g${i}`, amount: 1 + Math.floor(random() * 5) }));
      let grants = 0;
      const ops: Array<() => Promise<unknown>> = [];
      for (let i = 0; i < 90; i++) {
        const g = pick(gens);
        const step = pick(["grant", "reserve", "commit", "release", "refund"] as const);
        // Reusing keys on purpose: about half the operations are retries of an earlier one.
        const attempt = Math.floor(random() * 2);
        ops.push(async () => {
          switch (step) {
            case "grant": {
              const r = await grantCredits(db, { shopId, amount: 3, idempotencyKey: `grant:${i % 10}`, reason: "test" });
              if (!r.duplicate) grants += 3;
              return;
            }
            case "reserve":
              return reserveCredits(db, { shopId, generationId: g.id, amount: g.amount, idempotencyKey: `${g.id}:reserve:${attempt}` }).catch(
                (e: Error) => expect(e.message).toMatch(/already charged/),
              );
            case "commit":
              return commitCredits(db, { shopId, generationId: g.id, idempotencyKey: `${g.id}:commit:${attempt}` });
            case "release":
              return releaseCredits(db, { shopId, generationId: g.id, idempotencyKey: `${g.id}:release:${attempt}`, reason: "test" });
            case "refund":
              return refundCredits(db, { shopId, generationId: g.id, idempotencyKey: `${g.id}:refund`, reason: "test" });
          }
        });
      }
      // Run in waves of 8 concurrent operations with a running balance check between waves.
      for (let i = 0; i < ops.length; i += 8) {
        await Promise.all(ops.slice(i, i + 8).map((op) => op()));
        expect(await getBalance(db, shopId)).toBeGreaterThanOrEqual(0);
      }
      let charged = 0;
      let refunded = 0;
      let open = 0;
      for (const g of gens) {
        const s = await generationCredits(db, shopId, g.id);
        charged += s.charged;
        refunded += s.refunded;
        open += s.open;
        expect(s.refunded).toBeLessThanOrEqual(s.charged);
      }
      const balance = await getBalance(db, shopId);
      expect(balance, `seed ${seed}`).toBe(grants - charged + refunded - open);
      expect(balance).toBeGreaterThanOrEqual(0);
    }
  }, 180_000);
});
