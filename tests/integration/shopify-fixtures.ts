/**
 * Shared set-up for the Shopify integration tests: a store simulator, a shop connected to Glint
 * (Shop row + offline Session holding the simulator's token), and generated outputs in storage.
 */
import { createHash } from "node:crypto";
import type { AppContext } from "../../app/context.server";
import { ensureShop } from "../../app/models/shops.server";
import { getProductDetail, snapshotFromDetail, upsertProductSnapshot } from "../../app/models/products.server";
import { offlineAdminGraphql, offlineSessionId } from "../../app/shopify/admin-client.server";
import { renderProductImage } from "../../sim/shared/product-image";
import { startShopifySim, type ShopifySim } from "../../sim/shopify/server";

export async function startSim(apiKey: string, apiSecret: string, appUrl = "http://127.0.0.1:9"): Promise<ShopifySim> {
  return startShopifySim({ port: 0, apiKey, apiSecret, appUrl, mediaProcessingMs: 120 });
}

/** A simulated store with products, installed in Glint. Returns the Shop row. */
export async function connectShop(ctx: AppContext, sim: ShopifySim, domain: string, productCount = 3, seed = 7) {
  const simShop = sim.addShop({ domain, productCount, seed });
  const shop = await ensureShop(ctx, domain);
  await ctx.db.session.create({
    data: { id: offlineSessionId(domain), shop: domain, state: "installed", isOnline: false, accessToken: simShop.accessToken, scope: "read_products,write_products,read_files,write_files" },
  });
  return { shop, simShop };
}

export function productGids(sim: ShopifySim, domain: string): string[] {
  return [...sim.store.requireShop(domain).products.keys()].map((id) => `gid://shopify/Product/${id}`);
}

/** The Product snapshot row, read through the app's own catalog code. */
export async function snapshotProduct(ctx: AppContext, shopId: string, domain: string, productGid: string) {
  const admin = await offlineAdminGraphql(ctx, domain);
  const detail = await getProductDetail(admin, productGid);
  if (!detail) throw new Error(`product ${productGid} missing`);
  return upsertProductSnapshot(ctx, shopId, snapshotFromDetail(detail));
}

/** A generation awaiting review, with its output image stored like the engine stores it. */
export async function readyGeneration(
  ctx: AppContext,
  input: { shopId: string; productId: string; style?: string; seed?: number; width?: number; height?: number; requestKey?: string },
) {
  const png = await renderProductImage({ seed: input.seed ?? 1, width: input.width ?? 800, height: input.height ?? 800, angle: 15, kind: "mug" });
  const stored = await ctx.storage.put({ shopId: input.shopId, kind: "output", ext: "png", contentType: "image/png", body: png });
  const checksum = createHash("sha256").update(png).digest("hex");
  const asset = await ctx.db.asset.upsert({
    where: { shopId_kind_checksum_productId: { shopId: input.shopId, kind: "output", checksum, productId: input.productId } },
    create: {
      shopId: input.shopId,
      productId: input.productId,
      kind: "output",
      storageKey: stored.key,
      checksum,
      mimeType: "image/png",
      width: input.width ?? 800,
      height: input.height ?? 800,
      bytes: png.length,
    },
    update: {},
  });
  return ctx.db.generation.create({
    data: {
      shopId: input.shopId,
      productId: input.productId,
      requestKey: input.requestKey ?? `test-${checksum.slice(0, 12)}-${Math.random().toString(36).slice(2)}`,
      capability: "image",
      style: input.style ?? "studio",
      status: "ready_for_review",
      outputAssetId: asset.id,
    },
  });
}
