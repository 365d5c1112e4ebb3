/**
 * "Make a presenter video" (UGC-style): the merchant picks a length and a voice, Glint drafts the
 * script from product intelligence, the merchant edits it and approves it; approval is the only
 * step that reserves credits (voice-over + lip-sync avatar, priced from the registry and shown up
 * front) and it creates the Generation that renders the video through the engine:
 *   script_draft → script_approved → rendering (voice, avatar, compose) → ready_for_review.
 * An approved script is frozen: the words voiced are the words approved.
 */
import { createHash } from "node:crypto";
import type { Generation, VideoScript } from "@prisma/client";
import { getBalance } from "../billing/ledger.server";
import type { AppContext } from "../context.server";
import { UserFacingError } from "../errors";
import { analyseProduct } from "../intelligence/analysis.server";
import { storedAnalysisSchema, type ProductAnalysis } from "../intelligence/analysis-schema";
import { readIntelligenceSettings } from "../intelligence/intelligence-settings";
import { llmFor } from "../intelligence/select.server";
import { countWords, MAX_BENEFITS, MIN_BENEFITS, SCRIPT_LENGTHS, scriptText, wordBudget, writeUgcScript, type ScriptParts } from "../intelligence/ugc-script.server";
import { snapshotForGeneration } from "../models/catalog-generations.server";
import { createGenerations, upsertProduct } from "../models/generations.server";
import { getProductDetail } from "../models/products.server";
import type { AdminGraphql } from "../shopify/graphql-client.server";
import { ugcQuote, type UgcQuote } from "./ugc-quote";

type Ctx = Parameters<typeof createGenerations>[0] & Pick<AppContext, "env">;

export const UGC_STYLE = "ugc_video";

export type UgcState = "script_draft" | "script_approved" | "rendering" | Generation["status"];

export interface UgcVideoView {
  id: string;
  productId: string;
  state: UgcState;
  /** While rendering: voice, avatar or compose. */
  stage: string | null;
  lengthSeconds: number;
  voice: string;
  script: ScriptParts;
  words: number;
  wordBudget: number;
  quote: UgcQuote;
  balance: number;
  generation: { id: string; status: Generation["status"]; errorMessage: string | null; outputAssetId: string | null } | null;
}

function invalid(message: string): UserFacingError {
  return new UserFacingError({ code: "invalid_request", httpStatus: 400, message });
}

async function activeShop(ctx: Pick<Ctx, "db">, domain: string) {
  const shop = await ctx.db.shop.findUnique({ where: { domain } });
  if (!shop?.installed) throw new UserFacingError({ code: "shop_not_found", httpStatus: 404, message: "This shop is not set up for Glint. Reopen the app from your Shopify admin." });
  return shop;
}

async function ownedScript(ctx: Pick<Ctx, "db">, shopDomain: string, scriptId: string) {
  const script = await ctx.db.videoScript.findFirst({ where: { id: scriptId, shop: { domain: shopDomain } }, include: { product: { select: { shopifyId: true } } } });
  if (!script) throw new UserFacingError({ code: "not_found", httpStatus: 404, message: "This presenter video no longer exists." });
  return script;
}

function checkVoice(ctx: Pick<Ctx, "registry">, voice: string): void {
  const voices = ctx.registry.config.speech[0]?.voices ?? [];
  if (!voices.includes(voice)) throw invalid(`Choose a voice: ${voices.join(", ")}.`);
}

/** Hook, 1–3 benefits and a call to action, within the length's word budget. */
export function checkScript(script: ScriptParts, lengthSeconds: number): ScriptParts {
  const clean = {
    hook: script.hook.trim(),
    benefits: script.benefits.map((b) => b.trim()).filter(Boolean),
    callToAction: script.callToAction.trim(),
  };
  if (!clean.hook) throw invalid("The script needs an opening line (the hook).");
  if (!clean.callToAction) throw invalid("The script needs a closing call to action.");
  if (clean.benefits.length < MIN_BENEFITS || clean.benefits.length > MAX_BENEFITS) throw invalid(`Give ${MIN_BENEFITS} to ${MAX_BENEFITS} benefits.`);
  const words = countWords(scriptText(clean));
  const budget = wordBudget(lengthSeconds);
  if (words > budget) {
    throw invalid(`This script has ${words} words; a ${lengthSeconds}-second video fits about ${budget}. Shorten it or choose a longer video.`);
  }
  return clean;
}

export async function draftUgcScript(
  ctx: Ctx,
  admin: AdminGraphql,
  input: { shopDomain: string; productId: string; lengthSeconds: number; voice: string },
  signal?: AbortSignal,
): Promise<UgcVideoView> {
  if (!(SCRIPT_LENGTHS as readonly number[]).includes(input.lengthSeconds)) throw invalid(`A presenter video lasts ${SCRIPT_LENGTHS.join(", ")} seconds.`);
  checkVoice(ctx, input.voice);
  const shop = await activeShop(ctx, input.shopDomain);
  const detail = await getProductDetail(admin, input.productId, signal);
  if (!detail) throw new UserFacingError({ code: "product_not_found", httpStatus: 404, message: "This product no longer exists in your store. Refresh the page and try again." });
  const snapshot = snapshotForGeneration(detail);
  if (!snapshot.imageUrl) throw invalid("This product has no photo to show in the video. Add a product image first.");
  await upsertProduct(ctx, shop.id, { ...snapshot, tags: snapshot.tags ?? [] });
  const product = await ctx.db.product.findUniqueOrThrow({ where: { shopId_shopifyId: { shopId: shop.id, shopifyId: snapshot.shopifyId } } });

  const llm = llmFor(ctx.env);
  if (!llm) throw new UserFacingError({ code: "script_unavailable", httpStatus: 503, message: "Script writing is not set up for this app yet. Nothing was charged." });
  let analysis: ProductAnalysis | undefined = storedAnalysisSchema.safeParse(product.analysis).data;
  try {
    const content = { title: snapshot.title, productType: snapshot.productType, vendor: snapshot.vendor, tags: snapshot.tags ?? [], description: snapshot.description, imageUrls: [snapshot.imageUrl] };
    analysis = (await analyseProduct({ db: ctx.db, redis: ctx.redis, redisPrefix: ctx.env.REDIS_PREFIX, log: ctx.log, llm, registry: ctx.registry }, { shopId: shop.id, productId: product.id, content, signal })).analysis;
  } catch (error) {
    if (signal?.aborted) throw error;
    // The script can still be written from the product text (and an older analysis, if any).
    ctx.log.warn({ shop: shop.domain, productId: product.id, err: error }, "presenter script without a fresh analysis");
  }
  const budget = { redis: ctx.redis, prefix: ctx.env.REDIS_PREFIX, shopId: shop.id, dailyLimitMicroUsd: readIntelligenceSettings(shop.settings).analysisDailyBudgetMicroUsd };
  const written = await writeUgcScript(llm, { product: snapshot, analysis, lengthSeconds: input.lengthSeconds, budget, signal });
  const script = await ctx.db.videoScript.create({
    data: {
      shopId: shop.id,
      productId: product.id,
      lengthSeconds: input.lengthSeconds,
      voice: input.voice,
      hook: written.hook,
      benefits: written.benefits,
      callToAction: written.callToAction,
      promptVersion: written.promptVersion,
      sourceImageUrl: snapshot.imageUrl,
    },
  });
  ctx.log.info({ shop: shop.domain, scriptId: script.id, words: countWords(scriptText(written)) }, "presenter script drafted");
  return getUgcVideo(ctx, { shopDomain: input.shopDomain, scriptId: script.id });
}

export async function editUgcScript(
  ctx: Ctx,
  input: { shopDomain: string; scriptId: string; script: ScriptParts; voice?: string },
): Promise<UgcVideoView> {
  const current = await ownedScript(ctx, input.shopDomain, input.scriptId);
  const script = checkScript(input.script, current.lengthSeconds);
  if (input.voice !== undefined) checkVoice(ctx, input.voice);
  // Only a draft changes: the status is part of the condition, so an approval in between wins.
  const { count } = await ctx.db.videoScript.updateMany({
    where: { id: current.id, status: "draft" },
    data: { hook: script.hook, benefits: script.benefits, callToAction: script.callToAction, ...(input.voice ? { voice: input.voice } : {}) },
  });
  if (!count) {
    throw new UserFacingError({
      code: "script_locked",
      httpStatus: 409,
      message: "This script was approved and is being made into a video, so it can no longer be edited. Start a new presenter video to change the words.",
    });
  }
  return getUgcVideo(ctx, input);
}

/**
 * Freezes the script and hands it to the engine: one Generation (capability avatar_video, style
 * ugc_video) with the whole quote reserved. Approving twice returns the same video.
 */
export async function approveUgcScript(ctx: Ctx, input: { shopDomain: string; scriptId: string }): Promise<UgcVideoView> {
  const shop = await activeShop(ctx, input.shopDomain);
  const current = await ownedScript(ctx, input.shopDomain, input.scriptId);
  if (current.generationId) return getUgcVideo(ctx, input);
  checkScript(current, current.lengthSeconds);
  const quote = ugcQuote(ctx.registry);
  const flipped = await ctx.db.videoScript.updateMany({ where: { id: current.id, status: "draft" }, data: { status: "approved", approvedAt: new Date() } });
  let result;
  try {
    result = await createGenerations(
      ctx,
      shop,
      [
        {
          productId: current.productId,
          shopifyProductId: current.product.shopifyId,
          style: UGC_STYLE,
          capability: "avatar_video",
          options: { variant: 0, sourceImageUrl: current.sourceImageUrl ?? undefined, aspectRatio: "9:16", ugcScriptId: current.id },
          requestKeyBase: createHash("sha256").update(`ugc:${current.id}`).digest("hex").slice(0, 40),
        },
      ],
      { source: "ugc_video", autoPublish: false, creditsEach: quote.total, modelId: quote.avatarModelId },
    );
  } catch (error) {
    // Refused (credits, spending cap): the script goes back to an editable draft.
    if (flipped.count) await ctx.db.videoScript.update({ where: { id: current.id }, data: { status: "draft", approvedAt: null } });
    throw error;
  }
  await ctx.db.videoScript.update({ where: { id: current.id }, data: { generationId: result.generations[0].id } });
  ctx.log.info({ shop: shop.domain, scriptId: current.id, generationId: result.generations[0].id, credits: quote.total }, "presenter script approved");
  return getUgcVideo(ctx, input);
}

function stateOf(script: VideoScript, generation: Generation | null): UgcState {
  if (script.status === "draft") return "script_draft";
  if (!generation || generation.status === "pending") return "script_approved";
  if (["analysing", "generating", "validating"].includes(generation.status)) return "rendering";
  return generation.status;
}

export async function getUgcVideo(ctx: Pick<Ctx, "db" | "registry">, input: { shopDomain: string; scriptId: string }): Promise<UgcVideoView> {
  const script = await ownedScript(ctx, input.shopDomain, input.scriptId);
  const generation = script.generationId ? await ctx.db.generation.findUnique({ where: { id: script.generationId } }) : null;
  const parts = { hook: script.hook, benefits: script.benefits, callToAction: script.callToAction };
  return {
    id: script.id,
    productId: script.product.shopifyId,
    state: stateOf(script, generation),
    stage: generation && stateOf(script, generation) === "rendering" ? script.stage : null,
    lengthSeconds: script.lengthSeconds,
    voice: script.voice,
    script: parts,
    words: countWords(scriptText(parts)),
    wordBudget: wordBudget(script.lengthSeconds),
    quote: ugcQuote(ctx.registry),
    balance: await getBalance(ctx.db, script.shopId),
    generation: generation ? { id: generation.id, status: generation.status, errorMessage: generation.errorMessage, outputAssetId: generation.outputAssetId } : null,
  };
}
