/**
 * First step of a generation: claim it, plan it (capability, prompt, prompt version, preferred
 * model; a merchant-written prompt replaces the template's), keep the product's source image as an `original` Asset (originals are always kept; the
 * fidelity check compares against it), then start attempt 1.
 */
import type { Prisma } from "@prisma/client";
import { MERCHANT_PROMPT_VERSION } from "../intelligence/merchant-prompt";
import { planGeneration } from "../intelligence/select.server";
import { DownloadError, safeDownload } from "../media/safe-download";
import { OutputRejected } from "../media/rejection";
import { sniffMedia } from "../media/sniff";
import { checkImage } from "../media/image-checks";
import type { Capability } from "../providers/types";
import type { EngineContext } from "./context";
import { enqueueGenerate } from "./jobs";
import { withGenerationLock } from "./lock.server";
import { SOURCE_IMAGE_MISSING } from "./messages";
import { readOptions } from "./options";
import { releaseReservation } from "./outcomes.server";
import { prepareUgcVoice } from "../video/ugc-render.server";

const SOURCE_MAX_BYTES = 25 * 1024 * 1024;

export interface AnalyseOptions {
  signal: AbortSignal;
  finalTry: boolean;
}

export async function analyseGeneration(ctx: EngineContext, generationId: string, options: AnalyseOptions): Promise<void> {
  const claimed = await withGenerationLock(ctx.db, generationId, async (tx, generation) => {
    if (generation.status !== "pending" && generation.status !== "analysing") return undefined;
    return tx.generation.update({
      where: { id: generationId },
      data: { status: "analysing", startedAt: generation.startedAt ?? new Date() },
      include: { product: true, shop: { select: { domain: true } } },
    });
  });
  if (!claimed) return;
  const requested = readOptions(claimed.options);
  // A presenter video is already planned (its approved script): its first stage is the voice-over.
  if (requested.ugcScriptId) return prepareUgcVoice(ctx, claimed, requested.ugcScriptId, options);
  const plan = await planGeneration(ctx, {
    product: claimed.product,
    style: claimed.style,
    capability: claimed.capability as Capability,
    preferredModelId: requested.preferredModelId,
    // The planner's pick must fit what the merchant approved; the chain covers the rest.
    maxCredits: claimed.creditsReserved,
    content: requested.sourceImageUrl ? { imageUrls: [requested.sourceImageUrl] } : undefined,
    signal: options.signal,
  });

  let sourceAssetId: string | undefined;
  if (requested.sourceImageUrl) {
    try {
      sourceAssetId = await storeOriginal(ctx, claimed, requested.sourceImageUrl, options.signal);
    } catch (error) {
      if (options.signal.aborted) throw error;
      const transient = error instanceof DownloadError && error.code !== "blocked_url" && error.code !== "too_large";
      if (transient && !options.finalTry) throw error;
      if (!(error instanceof DownloadError || error instanceof OutputRejected)) throw error;
      ctx.log.warn({ generationId, reason: error.message }, "source image unusable");
    }
  }
  let providerImageUrl = requested.sourceImageUrl;
  if (!sourceAssetId && !requested.sourceImageUrl) {
    // No image in the request (e.g. an automation run): reuse the original kept from an earlier run.
    const previous = await ctx.db.asset.findFirst({ where: { shopId: claimed.shopId, productId: claimed.productId, kind: "original" }, orderBy: { createdAt: "desc" } });
    if (previous) {
      sourceAssetId = previous.id;
      providerImageUrl = await ctx.storage.url(previous.storageKey, { expiresInSeconds: 6 * 3600 });
    }
  }
  const needsImage = plan.capability !== "text_to_video";
  const proceed = await withGenerationLock(ctx.db, generationId, async (tx, generation) => {
    if (generation.status !== "analysing") return false;
    if (needsImage && !sourceAssetId) {
      await tx.generation.update({
        where: { id: generationId },
        data: { status: "failed", errorCode: "source_image_missing", errorMessage: SOURCE_IMAGE_MISSING, completedAt: new Date() },
      });
      return false;
    }
    await tx.generation.update({
      where: { id: generationId },
      data: {
        capability: plan.capability,
        // The merchant's own prompt wins over the template; the version says which one ran.
        prompt: requested.prompt ?? plan.prompt,
        promptVersion: requested.prompt ? MERCHANT_PROMPT_VERSION : plan.promptVersion,
        sourceAssetId: sourceAssetId ?? null,
        options: JSON.parse(JSON.stringify({ ...requested, sourceImageUrl: providerImageUrl, preferredModelId: requested.preferredModelId ?? plan.preferredModelId })) as Prisma.InputJsonObject,
      },
    });
    return true;
  });
  if (proceed) {
    await enqueueGenerate(ctx, { shop: claimed.shop.domain, generationId, attempt: 1 });
  } else {
    const after = await ctx.db.generation.findUnique({ where: { id: generationId }, select: { status: true } });
    if (after?.status === "failed") await releaseReservation(ctx, claimed, "source image missing");
  }
}

export async function storeOriginal(
  ctx: EngineContext,
  generation: { id: string; shopId: string; productId: string },
  url: string,
  signal: AbortSignal,
): Promise<string> {
  const { bytes } = await safeDownload(url, { allowOrigins: ctx.engine.allowOrigins, maxBytes: SOURCE_MAX_BYTES, timeoutMs: 60_000, signal });
  const sniffed = sniffMedia(bytes);
  if (sniffed?.kind !== "image") throw new OutputRejected("unrecognised_format", "The product image is not an image file");
  const facts = await checkImage(bytes, { minSide: 64 });
  const stored = await ctx.storage.put({ shopId: generation.shopId, kind: "original", ext: sniffed.ext, contentType: sniffed.mime, body: bytes });
  const asset = await ctx.db.asset.upsert({
    where: { shopId_kind_checksum_productId: { shopId: generation.shopId, kind: "original", checksum: stored.sha256, productId: generation.productId } },
    create: {
      shopId: generation.shopId,
      productId: generation.productId,
      kind: "original",
      storageKey: stored.key,
      checksum: stored.sha256,
      mimeType: sniffed.mime,
      width: facts.width,
      height: facts.height,
      bytes: stored.bytes,
    },
    update: {},
  });
  return asset.id;
}
