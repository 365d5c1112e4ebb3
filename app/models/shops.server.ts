import type { AppContext } from "../context.server";

/** Creates (or re-activates after a reinstall) the shop row. Called after every auth. */
export async function ensureShop(ctx: Pick<AppContext, "db">, domain: string) {
  return ctx.db.shop.upsert({
    where: { domain },
    create: { domain },
    update: { installed: true, uninstalledAt: null },
  });
}

export async function shopByDomain(ctx: Pick<AppContext, "db">, domain: string) {
  return ctx.db.shop.findUnique({ where: { domain } });
}
