/**
 * What an attacker would go after in a shop: a batch with one generation in each state the API
 * acts on (awaiting review with a stored output, failed, in progress), and the stored output file.
 */
import { createHash } from "node:crypto";
import type { GenerationStatus } from "@prisma/client";
import { renderProductImage } from "../../../sim/shared/product-image";
import type { AppUnderTest, InstalledShop } from "./app-under-test";

export interface ShopTargets {
  batchId: string;
  productRowId: string;
  ready: string;
  failed: string;
  pending: string;
  /** Storage key of the ready generation's output. */
  outputKey: string;
}

export async function seedTargets(app: AppUnderTest, shop: InstalledShop, seed: number): Promise<ShopTargets> {
  const { db, storage } = app.test.ctx;
  const product = await db.product.create({
    data: { shopId: shop.id, shopifyId: shop.productGids[0], title: `Target product ${seed}`, handle: `target-${seed}`, contentHash: `h${seed}` },
  });
  const batch = await db.batch.create({ data: { shopId: shop.id, source: "app", total: 3 } });
  const png = await renderProductImage({ seed, width: 512, height: 512, angle: 10, kind: "mug" });
  const stored = await storage.put({ shopId: shop.id, kind: "output", ext: "png", contentType: "image/png", body: png });
  const asset = await db.asset.create({
    data: {
      shopId: shop.id,
      productId: product.id,
      kind: "output",
      storageKey: stored.key,
      checksum: createHash("sha256").update(png).digest("hex"),
      mimeType: "image/png",
      width: 512,
      height: 512,
      bytes: png.length,
    },
  });
  const generation = (status: GenerationStatus, extra: { outputAssetId?: string } = {}) =>
    db.generation.create({
      data: { shopId: shop.id, productId: product.id, batchId: batch.id, requestKey: `seed-${seed}-${status}`, capability: "image", style: "studio", status, ...extra },
    });
  const ready = await generation("ready_for_review", { outputAssetId: asset.id });
  const failed = await generation("failed");
  const pending = await generation("pending");
  return { batchId: batch.id, productRowId: product.id, ready: ready.id, failed: failed.id, pending: pending.id, outputKey: stored.key };
}
