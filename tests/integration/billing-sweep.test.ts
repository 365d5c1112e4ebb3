import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GenerationStatus } from "@prisma/client";
import { generationCredits, getBalance, grantCredits, reserveCredits } from "../../app/billing/ledger.server";
import { sweepExpiredReservations } from "../../app/billing/sweep.server";
import { scheduleBillingMaintenance } from "../../app/jobs/schedule-billing-maintenance";
import { WorkerRuntime } from "../../app/jobs/runtime.server";
import { scheduleReservationSweep, sweepReservationsHandler, SWEEP_RESERVATIONS_JOB } from "../../app/jobs/sweep-reservations";
import { createTestContext, TEST_REDIS_URL, type TestContext } from "../support/harness";

let t: TestContext;

beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => {
  await t.cleanup();
});

describe("reservation sweeper", () => {
  it("commits delivered work, releases failed and stuck work, and leaves live work alone", async () => {
    const { db } = t.ctx;
    const shop = await db.shop.create({ data: { domain: "sweep.myshopify.com" } });
    const product = await db.product.create({
      data: { shopId: shop.id, shopifyId: "gid://shopify/Product/1", title: "Mug", handle: "mug", contentHash: "h" },
    });
    await grantCredits(db, { shopId: shop.id, amount: 100, idempotencyKey: "seed", reason: "test" });
    const hourAgo = new Date(Date.now() - 3600_000);
    const threeHoursAgo = new Date(Date.now() - 3 * 3600_000);

    async function generation(key: string, status: GenerationStatus, updatedAt: Date, credits: number) {
      const g = await db.generation.create({
        data: { shopId: shop.id, productId: product.id, requestKey: key, capability: "enhancement", style: "studio", status },
      });
      await db.$executeRaw`UPDATE "Generation" SET "updatedAt" = ${updatedAt} WHERE id = ${g.id}`;
      await reserveCredits(db, { shopId: shop.id, generationId: g.id, amount: credits, idempotencyKey: `${g.id}:reserve` });
      return g.id;
    }
    const published = await generation("published", "published", hourAgo, 2); // crash after success
    const failed = await generation("failed", "failed", new Date(), 3);
    const stuck = await generation("stuck", "generating", threeHoursAgo, 4);
    const running = await generation("running", "generating", hourAgo, 5);
    const inReview = await generation("review", "ready_for_review", threeHoursAgo, 6);
    // Reserved, then the request died before creating its generation row.
    await reserveCredits(db, { shopId: shop.id, generationId: "orphan", amount: 7, idempotencyKey: "orphan:reserve" });
    await db.$executeRaw`UPDATE "LedgerEntry" SET "createdAt" = ${threeHoursAgo} WHERE "generationId" = 'orphan'`;
    expect(await getBalance(db, shop.id)).toBe(100 - 27);

    const result = await sweepExpiredReservations(t.ctx, { ttlMs: 2 * 3600_000 });
    expect(result.committed).toEqual([{ generationId: published, credits: 2 }]);
    expect(result.released.map((r) => [r.generationId, r.credits]).sort()).toEqual(
      [
        [failed, 3],
        [stuck, 4],
        ["orphan", 7],
      ].sort(),
    );
    expect(result.released.find((r) => r.generationId === stuck)?.why).toMatch(/stuck in generating/);
    // Charged 2; running (5) and in-review (6) still held.
    expect(await getBalance(db, shop.id)).toBe(100 - 2 - 5 - 6);
    expect(await generationCredits(db, shop.id, running)).toMatchObject({ open: 5, committed: false });
    expect(await generationCredits(db, shop.id, inReview)).toMatchObject({ open: 6, committed: false });

    // A second sweep (or two workers sweeping at once) changes nothing.
    const again = await Promise.all([sweepExpiredReservations(t.ctx), sweepExpiredReservations(t.ctx)]);
    expect(again.flatMap((r) => [...r.committed, ...r.released])).toEqual([]);
    expect(await getBalance(db, shop.id)).toBe(87);
  });

  it("runs as a maintenance job in the worker and releases a failed generation's credits", async () => {
    const { db } = t.ctx;
    const shop = await db.shop.create({ data: { domain: "sweep-job.myshopify.com" } });
    const product = await db.product.create({
      data: { shopId: shop.id, shopifyId: "gid://shopify/Product/2", title: "Cap", handle: "cap", contentHash: "h" },
    });
    await grantCredits(db, { shopId: shop.id, amount: 10, idempotencyKey: "seed", reason: "test" });
    const g = await db.generation.create({
      data: { shopId: shop.id, productId: product.id, requestKey: "job", capability: "enhancement", style: "studio", status: "failed" },
    });
    await reserveCredits(db, { shopId: shop.id, generationId: g.id, amount: 3, idempotencyKey: `${g.id}:reserve` });
    const runtime = new WorkerRuntime(
      { maintenance: { [SWEEP_RESERVATIONS_JOB]: sweepReservationsHandler(t.ctx) } },
      { connection: { url: TEST_REDIS_URL }, prefix: t.prefix, log: t.ctx.log },
    ).start();
    try {
      const job = await t.ctx.queues.maintenance.add(SWEEP_RESERVATIONS_JOB, {});
      const deadline = Date.now() + 20_000;
      while (!(await job.isCompleted()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const done = await t.ctx.queues.maintenance.getJob(job.id!);
      expect(done?.returnvalue).toEqual({ committed: 0, released: 1 });
      expect(await getBalance(db, shop.id)).toBe(10);
    } finally {
      await runtime.stop();
    }
  });

  it("schedules one repeatable sweep however many processes start", async () => {
    await Promise.all([scheduleReservationSweep(t.ctx.queues), scheduleReservationSweep(t.ctx.queues)]);
    await scheduleReservationSweep(t.ctx.queues, 60_000);
    const schedulers = await t.ctx.queues.maintenance.getJobSchedulers();
    expect(schedulers).toHaveLength(1);
    expect(schedulers[0]).toMatchObject({ key: SWEEP_RESERVATIONS_JOB, every: 60_000 });

    // Every worker start schedules all billing maintenance: still one schedule per job.
    await Promise.all([scheduleBillingMaintenance(t.ctx.queues), scheduleBillingMaintenance(t.ctx.queues)]);
    const all = await t.ctx.queues.maintenance.getJobSchedulers();
    expect(all.map((s) => s.key).sort()).toEqual(["grant-allowances", "sweep-reservations", "watch-spend"]);
  });
});
