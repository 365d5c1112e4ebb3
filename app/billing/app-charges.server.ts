/**
 * The AppCharge rows that map Shopify charges back to Glint's offers. The return URL and the
 * webhook for one charge often arrive together, so writes must survive a concurrent insert.
 */
import { Prisma, type AppCharge } from "@prisma/client";
import type { AppContext } from "../context.server";

/** Shopify statuses a charge never leaves; a late or replayed webhook must not revive it. */
export const FINAL_CHARGE_STATUSES: ReadonlySet<string> = new Set(["CANCELLED", "DECLINED", "EXPIRED"]);

/** Insert-or-update that retries once when a concurrent request inserted the same charge first. */
export async function upsertAppCharge(
  ctx: Pick<AppContext, "db">,
  create: Prisma.AppChargeUncheckedCreateInput,
  update: Prisma.AppChargeUncheckedUpdateInput,
): Promise<AppCharge> {
  const write = () => ctx.db.appCharge.upsert({ where: { id: create.id }, create, update });
  try {
    return await write();
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return write();
    throw error;
  }
}

/** The status to store: a final status is kept whatever arrives later. */
export function nextChargeStatus(known: AppCharge | null, reported: string): string {
  return known && FINAL_CHARGE_STATUSES.has(known.status) ? known.status : reported;
}
