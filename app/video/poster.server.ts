/**
 * The poster of a video output: its first non-blank frame as a JPEG, stored content-addressed and
 * kept as an Asset of kind `poster` (one per shop, product and content, so a re-run reuses it).
 */
import type { AppContext } from "../context.server";
import type { FrameReview } from "./frame-review.server";

export async function storePoster(
  ctx: Pick<AppContext, "db" | "storage">,
  owner: { shopId: string; productId: string },
  poster: FrameReview["poster"],
): Promise<string> {
  const stored = await ctx.storage.put({ shopId: owner.shopId, kind: "output", ext: "jpg", contentType: "image/jpeg", body: poster.jpeg });
  const asset = await ctx.db.asset.upsert({
    where: { shopId_kind_checksum_productId: { shopId: owner.shopId, kind: "poster", checksum: stored.sha256, productId: owner.productId } },
    create: {
      shopId: owner.shopId,
      productId: owner.productId,
      kind: "poster",
      storageKey: stored.key,
      checksum: stored.sha256,
      mimeType: "image/jpeg",
      width: poster.width,
      height: poster.height,
      bytes: stored.bytes,
    },
    update: {},
  });
  return asset.id;
}
