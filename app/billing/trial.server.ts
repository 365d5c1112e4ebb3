/**
 * The free trial allowance: FREE_TRIAL_CREDITS once per shop, ever. Keyed in the ledger, so a
 * reinstall (the shop row survives uninstall) or a repeated auth grants nothing more.
 */
import type { AppContext } from "../context.server";
import { grantCredits } from "./ledger.server";
import { FREE_TRIAL_CREDITS } from "./plans";

export const TRIAL_LEDGER_KEY = "trial";

/** Called after auth. Cheap when already granted: one indexed read, no lock. */
export async function grantTrialCredits(ctx: Pick<AppContext, "db">, shopId: string): Promise<{ granted: number }> {
  const existing = await ctx.db.ledgerEntry.findUnique({ where: { shopId_idempotencyKey: { shopId, idempotencyKey: TRIAL_LEDGER_KEY } } });
  if (existing) return { granted: 0 };
  const result = await grantCredits(ctx.db, { shopId, amount: FREE_TRIAL_CREDITS, idempotencyKey: TRIAL_LEDGER_KEY, reason: "Free trial credits" });
  return { granted: result.duplicate ? 0 : result.granted };
}
