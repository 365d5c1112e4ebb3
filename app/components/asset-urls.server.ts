/**
 * Short-lived browser URLs for stored images (signed /assets links for local storage, signed GCS
 * URLs otherwise), looked up in one query for everything a page shows.
 */
import type { AppContext } from "../context.server";
import { createStorage, type Storage } from "../storage";

let storage: Storage | undefined;

/** Long enough for a merchant to look at a page; live pages re-sign on every refresh. */
const URL_LIFETIME_SECONDS = 3600;

export async function assetUrls(ctx: Pick<AppContext, "db" | "env">, shopId: string, assetIds: Array<string | null>): Promise<Map<string, string>> {
  const ids = [...new Set(assetIds.filter((id): id is string => Boolean(id)))];
  if (!ids.length) return new Map();
  storage ??= createStorage(ctx.env);
  const assets = await ctx.db.asset.findMany({ where: { shopId, id: { in: ids } }, select: { id: true, storageKey: true } });
  const entries = await Promise.all(
    assets.map(async (a) => [a.id, await storage!.url(a.storageKey, { expiresInSeconds: URL_LIFETIME_SECONDS })] as const),
  );
  return new Map(entries);
}
