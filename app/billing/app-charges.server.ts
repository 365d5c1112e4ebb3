/**
 * The AppCharge rows that map Shopify charges back to Glint's offers. The return URL and the
 * webhooks of one shop's charges often arrive together (an upgrade sends the old plan's
 * CANCELLED and the new plan's ACTIVE at once), so every charge write and the plan derived from
 * the charges happen under a per-shop advisory lock: the last writer always sees every earlier one.
 */
import type { AppCharge, Prisma } from "@prisma/client";
import type { AppContext } from "../context.server";

type Tx = Prisma.TransactionClient;

/** Shopify statuses a charge never leaves; a late or replayed webhook must not revive it. */
export const FINAL_CHARGE_STATUSES: ReadonlySet<string> = new Set(["CANCELLED", "DECLINED", "EXPIRED"]);

export async function withShopBillingLock<T>(ctx: Pick<AppContext, "db">, shopId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  return ctx.db.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtextextended(${`glint-billing:${shopId}`}, 0))`;
      return work(tx);
    },
    { maxWait: 15_000, timeout: 20_000 },
  );
}

/**
 * Records what Shopify reported for a charge. A final status is kept whatever arrives later.
 * Refuses a charge id already recorded for another shop.
 */
export async function recordChargeStatus(
  tx: Tx,
  charge: { id: string; shopId: string; kind: "subscription" | "one_time"; offerKey: string; credits: number; status: string; currentPeriodEnd?: Date },
): Promise<AppCharge> {
  const known = await tx.appCharge.findUnique({ where: { id: charge.id } });
  if (known && known.shopId !== charge.shopId) throw new RangeError(`Charge ${charge.id} belongs to another shop`);
  const status = known && FINAL_CHARGE_STATUSES.has(known.status) ? known.status : charge.status;
  return tx.appCharge.upsert({
    where: { id: charge.id },
    create: { ...charge, status },
    update: { status, ...(charge.currentPeriodEnd ? { currentPeriodEnd: charge.currentPeriodEnd } : {}) },
  });
}

/** The offer a charge was created for, when this app recorded it. */
export async function chargeOfferKey(ctx: Pick<AppContext, "db">, chargeId: string): Promise<string | undefined> {
  return (await ctx.db.appCharge.findUnique({ where: { id: chargeId }, select: { offerKey: true } }))?.offerKey;
}
