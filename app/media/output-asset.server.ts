/**
 * A validated output kept for the merchant: stored content-addressed with its checksum verified,
 * and recorded as an Asset of kind `output` (one per shop, product and content, so a re-run that
 * makes the same bytes reuses the row).
 */
import type { AppContext } from "../context.server";
import type { ValidatedOutput } from "./validate";

export async function storeOutputAsset(
  ctx: Pick<AppContext, "db" | "storage">,
  owner: { shopId: string; productId: string },
  bytes: Buffer,
  validated: ValidatedOutput,
  altText?: string,
) {
  const stored = await ctx.storage.put({ shopId: owner.shopId, kind: "output", ext: validated.ext, contentType: validated.mime, body: bytes, expectedSha256: validated.sha256 });
  return ctx.db.asset.upsert({
    where: { shopId_kind_checksum_productId: { shopId: owner.shopId, kind: "output", checksum: stored.sha256, productId: owner.productId } },
    create: {
      shopId: owner.shopId,
      productId: owner.productId,
      kind: "output",
      storageKey: stored.key,
      checksum: stored.sha256,
      mimeType: validated.mime,
      width: validated.width,
      height: validated.height,
      durationMs: validated.durationMs,
      bytes: validated.bytes,
      altText,
    },
    update: {},
  });
}
