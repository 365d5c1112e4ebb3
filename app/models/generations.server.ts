/**
 * The merchant-facing side of the generation engine: request (validate, price from the registry,
 * pass the spend guard, reserve credits, create Generation rows, enqueue), cancel, retry, list, get.
 * A request is idempotent: the same shop, product, style and options while an earlier one is still
 * in flight returns that one (a double click makes one generation, one reservation, one job).
 */
import { createHash } from "node:crypto";
import { Prisma, type Generation, type GenerationStatus } from "@prisma/client";
import { z } from "zod";
import type { AppContext } from "../context.server";
import { UserFacingError } from "../errors";
import { releaseCredits, reserveCredits } from "../billing/ledger.server";
import { checkSpendAllowed } from "../billing/spend-guard.server";
import { currentAttempt, parseAttempts, updateAttempt } from "../engine/attempts";
import { modelHealth } from "../engine/context";
import { enqueueAnalyse } from "../engine/jobs";
import { withGenerationLock } from "../engine/lock.server";
import { CANCELLED_BY_MERCHANT } from "../engine/messages";
import { generationOptionsSchema, readOptions, type GenerationOptions } from "../engine/options";
import { merchantPromptSchema } from "../intelligence/merchant-prompt";
import { isStyle, STYLE_CAPABILITY } from "../intelligence/select.server";
import { enqueueMultiPhotoVideo } from "../jobs/multi-photo-video";
import { MULTI_PHOTO_CAPABILITY } from "../video/multi-photo-spec";
import { CAPABILITIES, providerModelRef } from "../providers/registry/index";
import type { Capability } from "../providers/types";

type Ctx = Pick<AppContext, "env" | "db" | "redis" | "queues" | "log" | "registry" | "providers" | "storage" | "engine">;

/** Statuses during which a repeated request joins the existing generation and cancel is possible. */
export const ACTIVE_STATUSES: readonly GenerationStatus[] = ["pending", "analysing", "generating", "validating"];
const PRODUCT_GID = /^gid:\/\/shopify\/Product\/\d+$/;
const VARIANT_GID = /^gid:\/\/shopify\/ProductVariant\/\d+$/;

/** What the caller knows about a product (the catalog module reads it from Shopify). */
export const productSnapshotSchema = z.object({
  shopifyId: z.string().regex(PRODUCT_GID, "product ids are Shopify product GIDs"),
  title: z.string().min(1).max(255),
  handle: z.string().min(1).max(255),
  productType: z.string().max(255).nullish(),
  vendor: z.string().max(255).nullish(),
  tags: z.array(z.string()).default([]),
  description: z.string().max(20_000).nullish(),
  /** The product's main image; providers fetch it and it is kept as the original. */
  imageUrl: z.string().url().nullish(),
});
export type ProductSnapshotInput = z.input<typeof productSnapshotSchema>;

const requestSchema = z
  .object({
    shopDomain: z.string().min(1),
    productIds: z.array(z.string().regex(PRODUCT_GID, "product ids are Shopify product GIDs")).min(1, "Choose at least one product").max(250, "At most 250 products per request"),
    products: z.array(productSnapshotSchema).optional(),
    style: z.string().min(1).optional(),
    capability: z.enum(CAPABILITIES).optional(),
    /** Variants per product. */
    count: z.number().int().min(1, "count must be at least 1").max(4, "At most 4 variants per product").default(1),
    source: z.string().min(1).max(64).default("app"),
    batchId: z.string().min(1).max(190).optional(),
    autoPublish: z.boolean().default(false),
    /** The merchant's model choice; must do the capability. */
    modelId: z.string().optional(),
    options: generationOptionsSchema.pick({ aspectRatio: true, durationSeconds: true, negativePrompt: true, extra: true, width: true, height: true, motionPreset: true }).optional(),
    /** The merchant's own prompt instead of the template's (an edited prompt): a new request. */
    prompt: merchantPromptSchema.optional(),
    /** The one product's variant the images are for: made from its image, published on it. */
    variantId: z.string().regex(VARIANT_GID, "variant ids are Shopify product variant GIDs").optional(),
  })
  .refine((r) => r.style !== undefined || r.capability !== undefined, { message: "Choose a style", path: ["style"] })
  .refine((r) => r.variantId === undefined || r.productIds.length === 1, { message: "Images for a variant are made for one product at a time.", path: ["variantId"] });

export type RequestGenerationsInput = z.input<typeof requestSchema>;

export interface RequestedGeneration {
  id: string;
  productId: string;
  shopifyProductId: string;
  status: GenerationStatus;
  creditsReserved: number;
  /** True when an identical in-flight request already existed and was returned instead. */
  existing: boolean;
}

export interface RequestGenerationsResult {
  generations: RequestedGeneration[];
  batchId?: string;
  creditsReserved: number;
  modelId: string;
  creditsEach: number;
}

function invalid(message: string): UserFacingError {
  return new UserFacingError({ code: "invalid_request", httpStatus: 400, message });
}

function parseRequest(input: RequestGenerationsInput) {
  const parsed = requestSchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error.issues[0]?.message ?? "Invalid request");
  return parsed.data;
}

export async function activeShop(ctx: Pick<Ctx, "db">, domain: string) {
  const shop = await ctx.db.shop.findUnique({ where: { domain } });
  if (!shop || !shop.installed) {
    throw new UserFacingError({ code: "shop_not_found", httpStatus: 404, message: "This shop is not set up for Glint. Reopen the app from your Shopify admin." });
  }
  return shop;
}

/**
 * Capability and the model that prices the request (the first in the chain, or the merchant's
 * pick). Exported so a quote shown before the merchant confirms uses exactly the request's price.
 */
export function priceRequest(ctx: Pick<Ctx, "registry">, style: string | undefined, capability: Capability | undefined, modelId: string | undefined) {
  if (style !== undefined && !isStyle(style) && capability === undefined) {
    throw invalid(`Unknown style "${style}". Choose one of: ${Object.keys(STYLE_CAPABILITY).join(", ")}.`);
  }
  const resolved: Capability = capability ?? STYLE_CAPABILITY[style as keyof typeof STYLE_CAPABILITY];
  if (modelId !== undefined) {
    const model = ctx.registry.find(modelId);
    if (!model || !model.capabilities.includes(resolved)) throw invalid(`The model "${modelId}" cannot produce this style.`);
    return { capability: resolved, model };
  }
  const model = ctx.registry.chain(resolved)[0];
  if (!model) throw invalid("No model is configured for this style.");
  return { capability: resolved, model };
}

function requestHash(parts: unknown[]): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 40);
}

export interface PlannedGeneration {
  productId: string;
  shopifyProductId: string;
  requestKeyBase: string;
  style: string;
  capability: Capability;
  options: GenerationOptions;
  /** Shopify ProductVariant GID when the images are for one variant. */
  variantId?: string;
}

export async function requestGenerations(ctx: Ctx, input: RequestGenerationsInput): Promise<RequestGenerationsResult> {
  const request = parseRequest(input);
  const shop = await activeShop(ctx, request.shopDomain);
  const { capability, model } = priceRequest(ctx, request.style, request.capability, request.modelId);
  const style = request.style ?? capability;

  const snapshots = new Map((request.products ?? []).map((p) => [p.shopifyId, p]));
  for (const snapshot of snapshots.values()) await upsertProduct(ctx, shop.id, snapshot);
  const products = await ctx.db.product.findMany({ where: { shopId: shop.id, shopifyId: { in: request.productIds } } });
  const missing = request.productIds.filter((id) => !products.some((p) => p.shopifyId === id));
  if (missing.length) {
    throw new UserFacingError({ code: "product_not_found", httpStatus: 404, message: `${missing.length} of the selected products could not be found. Refresh the product list and try again.` });
  }

  const planned: PlannedGeneration[] = [];
  for (const product of products) {
    for (let variant = 0; variant < request.count; variant++) {
      const options: GenerationOptions = {
        ...request.options,
        sourceImageUrl: snapshots.get(product.shopifyId)?.imageUrl ?? undefined,
        preferredModelId: request.modelId,
        prompt: request.prompt,
        variant,
      };
      planned.push({
        productId: product.id,
        shopifyProductId: product.shopifyId,
        style,
        capability,
        options,
        // The batch is how a client follows a run, not part of what was asked for: a repeat joins.
        // A prompt or a product variant makes a different request; keys without them stay as they were.
        requestKeyBase: requestHash([
          product.shopifyId, style, capability, request.modelId ?? null, request.options ?? null, variant,
          ...(request.prompt !== undefined || request.variantId !== undefined ? [request.prompt ?? null, request.variantId ?? null] : []),
        ]),
        variantId: request.variantId,
      });
    }
  }
  return createGenerations(ctx, shop, planned, {
    source: request.source,
    autoPublish: request.autoPublish,
    batchId: request.batchId,
    creditsEach: model.credits,
    modelId: model.id,
  });
}

function sharedBatchId(generations: Generation[]): string | undefined {
  const ids = new Set(generations.map((g) => g.batchId));
  const [only] = ids;
  return ids.size === 1 && only ? only : undefined;
}

/**
 * Joins identical work in flight, passes the spend guard, reserves `creditsEach` per new row (all or
 * nothing) and enqueues each new one with `enqueue` (the engine's analyse step unless the work has its own job).
 */
export async function createGenerations(
  ctx: Ctx,
  shop: { id: string; domain: string },
  planned: PlannedGeneration[],
  common: {
    source: string;
    autoPublish: boolean;
    batchId?: string;
    creditsEach: number;
    modelId: string;
    enqueue?: (ctx: Ctx, data: { shop: string; generationId: string }) => Promise<void>;
  },
): Promise<RequestGenerationsResult> {
  // Join identical requests still in flight.
  const existing = new Map<string, Generation>();
  const nextKey = new Map<string, string>();
  for (const item of planned) {
    const previous = await ctx.db.generation.findMany({
      where: { shopId: shop.id, requestKey: { startsWith: `${item.requestKeyBase}.` } },
      orderBy: { createdAt: "desc" },
    });
    const active = previous.find((g) => ACTIVE_STATUSES.includes(g.status));
    if (active) existing.set(item.requestKeyBase, active);
    else nextKey.set(item.requestKeyBase, `${item.requestKeyBase}.${previous.length}`);
  }
  const fresh = planned.filter((p) => !existing.has(p.requestKeyBase));
  if (fresh.length) {
    await checkSpendAllowed(ctx, { shopId: shop.id, credits: common.creditsEach * fresh.length, source: common.source, generations: fresh.length });
  }

  // A request that only joins work in flight answers with that work's batch, so it can be followed.
  let batchId = fresh.length ? common.batchId : sharedBatchId([...existing.values()]) ?? common.batchId;
  if (fresh.length && (batchId || planned.length > 1)) {
    const batch = batchId
      ? await ctx.db.batch.upsert({ where: { id: batchId }, create: { id: batchId, shopId: shop.id, source: common.source, total: planned.length }, update: {} })
      : await ctx.db.batch.create({ data: { shopId: shop.id, source: common.source, total: planned.length } });
    batchId = batch.id;
  }

  const created: Generation[] = [];
  const results: RequestedGeneration[] = [];
  try {
    for (const item of planned) {
      const known = existing.get(item.requestKeyBase);
      if (known) {
        results.push(describe(known, item.shopifyProductId, true));
        continue;
      }
      const requestKey = nextKey.get(item.requestKeyBase)!;
      let generation: Generation;
      try {
        generation = await ctx.db.generation.create({
          data: {
            shopId: shop.id,
            productId: item.productId,
            batchId,
            requestKey,
            source: common.source,
            style: item.style,
            capability: item.capability,
            variantId: item.variantId ?? null,
            creditsReserved: common.creditsEach,
            autoPublish: common.autoPublish,
            options: toJson(item.options),
          },
        });
      } catch (error) {
        // A concurrent identical request won the key: join it.
        if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
          const winner = await ctx.db.generation.findUniqueOrThrow({ where: { shopId_requestKey: { shopId: shop.id, requestKey } } });
          results.push(describe(winner, item.shopifyProductId, true));
          continue;
        }
        throw error;
      }
      created.push(generation);
      const reservation = await reserveCredits(ctx.db, {
        shopId: shop.id,
        generationId: generation.id,
        amount: common.creditsEach,
        idempotencyKey: `${generation.id}.reserve`,
      });
      if (!reservation.ok) {
        throw new UserFacingError({
          code: "insufficient_credits",
          httpStatus: 402,
          message: `This needs ${common.creditsEach * fresh.length} credits and you have ${reservation.balance + common.creditsEach * (created.length - 1)}. Buy a credit pack or choose a plan with more credits.`,
          details: { needed: reservation.needed, balance: reservation.balance },
        });
      }
      results.push(describe(generation, item.shopifyProductId, false));
    }
  } catch (error) {
    // All or nothing: undo this request's rows and reservations.
    for (const generation of created) {
      await releaseCredits(ctx.db, { shopId: shop.id, generationId: generation.id, idempotencyKey: `${generation.id}.release`, reason: "request refused" });
      await ctx.db.generation.delete({ where: { id: generation.id } });
    }
    throw error;
  }
  const enqueue = common.enqueue ?? enqueueAnalyse;
  for (const generation of created) await enqueue(ctx, { shop: shop.domain, generationId: generation.id });
  ctx.log.info({ shop: shop.domain, created: created.length, joined: results.length - created.length, batchId }, "generations requested");
  return {
    generations: results,
    batchId,
    creditsReserved: created.length * common.creditsEach,
    modelId: common.modelId,
    creditsEach: common.creditsEach,
  };
}

function describe(generation: Generation, shopifyProductId: string, existing: boolean): RequestedGeneration {
  return { id: generation.id, productId: generation.productId, shopifyProductId, status: generation.status, creditsReserved: generation.creditsReserved, existing };
}

function toJson(value: object): Prisma.InputJsonObject {
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonObject;
}

export async function upsertProduct(ctx: Pick<Ctx, "db">, shopId: string, snapshot: z.infer<typeof productSnapshotSchema>) {
  const fields = {
    title: snapshot.title,
    handle: snapshot.handle,
    productType: snapshot.productType ?? null,
    vendor: snapshot.vendor ?? null,
    tags: snapshot.tags,
    contentHash: createHash("sha256").update(JSON.stringify([snapshot.title, snapshot.description ?? "", snapshot.imageUrl ?? ""])).digest("hex"),
  };
  await ctx.db.product.upsert({
    where: { shopId_shopifyId: { shopId, shopifyId: snapshot.shopifyId } },
    create: { shopId, shopifyId: snapshot.shopifyId, ...fields },
    update: fields,
  });
}

async function ownedGeneration(ctx: Pick<Ctx, "db">, shopDomain: string, generationId: string) {
  const generation = await ctx.db.generation.findFirst({ where: { id: generationId, shop: { domain: shopDomain } } });
  if (!generation) throw new UserFacingError({ code: "not_found", httpStatus: 404, message: "This generation no longer exists." });
  return generation;
}

/** Stops a generation that has not finished: the provider job is cancelled and the credits released. */
export async function cancelGeneration(ctx: Ctx, input: { shopDomain: string; generationId: string }): Promise<Generation> {
  const generation = await ownedGeneration(ctx, input.shopDomain, input.generationId);
  const cancelled = await withGenerationLock(ctx.db, generation.id, async (tx, current) => {
    if (!ACTIVE_STATUSES.includes(current.status)) return undefined;
    const attempts = parseAttempts(current.attempts);
    const attempt = currentAttempt(attempts);
    const now = new Date();
    const updated = attempt ? updateAttempt(attempts, attempt.n, { outcome: "cancelled", errorCode: "cancelled", finishedAt: now.toISOString() }) : attempts;
    const row = await tx.generation.update({
      where: { id: current.id },
      data: { status: "cancelled", errorCode: "cancelled", errorMessage: CANCELLED_BY_MERCHANT, completedAt: now, attempts: updated },
    });
    return { row, attempt: attempt && ["running", "validating"].includes(attempt.outcome) ? attempt : undefined };
  });
  if (!cancelled) {
    throw new UserFacingError({ code: "not_cancellable", httpStatus: 409, message: "This generation has already finished, so it can no longer be cancelled." });
  }
  const { row, attempt } = cancelled;
  if (attempt) {
    const model = ctx.registry.find(attempt.modelId);
    if (model && attempt.providerJobId && attempt.outcome === "running") {
      await ctx.providers[model.provider]
        .cancel(attempt.providerJobId, providerModelRef(model))
        .catch((error: unknown) => ctx.log.warn({ generationId: row.id, err: error }, "provider cancel failed"));
    }
    await modelHealth(ctx).releaseSlot(attempt.modelId, `${row.id}.${attempt.n}`);
  }
  await releaseCredits(ctx.db, { shopId: row.shopId, generationId: row.id, idempotencyKey: `${row.id}.release`, reason: "cancelled" });
  ctx.log.info({ generationId: row.id }, "generation cancelled");
  return row;
}

/** Runs a failed or cancelled generation again as a new generation (new reservation, fresh model chain). */
export async function retryGeneration(ctx: Ctx, input: { shopDomain: string; generationId: string }): Promise<RequestGenerationsResult> {
  const original = await ownedGeneration(ctx, input.shopDomain, input.generationId);
  if (original.status !== "failed" && original.status !== "cancelled") {
    throw new UserFacingError({ code: "not_retryable", httpStatus: 409, message: "Only failed or cancelled generations can be retried." });
  }
  const shop = await activeShop(ctx, input.shopDomain);
  const product = await ctx.db.product.findUniqueOrThrow({ where: { id: original.productId } });
  const options = readOptions(original.options);
  // A multi-photo video is rendered by its own job, again at the price first reserved (stills, or a clip per angle);
  // a presenter video again at its quote (voice-over + avatar).
  const multiPhoto = original.capability === MULTI_PHOTO_CAPABILITY;
  const model = multiPhoto || options.ugcScriptId ? undefined : priceRequest(ctx, undefined, original.capability as Capability, options.preferredModelId).model;
  return createGenerations(
    ctx,
    shop,
    [{ productId: product.id, shopifyProductId: product.shopifyId, style: original.style, capability: original.capability as Capability, options, variantId: original.variantId ?? undefined, requestKeyBase: `retry-${original.id}` }],
    {
      source: original.source,
      autoPublish: original.autoPublish,
      batchId: original.batchId ?? undefined,
      creditsEach: model?.credits ?? original.creditsReserved,
      modelId: model?.id ?? options.preferredModelId ?? "stills",
      enqueue: multiPhoto ? enqueueMultiPhotoVideo : undefined,
    },
  );
}

export interface ListGenerationsInput {
  shopDomain: string;
  statuses?: GenerationStatus[];
  productId?: string;
  batchId?: string;
  limit?: number;
  /** Id of the last row of the previous page. */
  cursor?: string;
}

export async function listGenerations(ctx: Pick<Ctx, "db">, input: ListGenerationsInput) {
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 200);
  return ctx.db.generation.findMany({
    where: {
      shop: { domain: input.shopDomain },
      ...(input.statuses?.length ? { status: { in: input.statuses } } : {}),
      ...(input.productId ? { productId: input.productId } : {}),
      ...(input.batchId ? { batchId: input.batchId } : {}),
    },
    include: { product: { select: { id: true, shopifyId: true, title: true } } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
  });
}

/** One generation with its product and its source and output assets; null when not this shop's. */
export async function getGeneration(ctx: Pick<Ctx, "db">, input: { shopDomain: string; generationId: string }) {
  const generation = await ctx.db.generation.findFirst({
    where: { id: input.generationId, shop: { domain: input.shopDomain } },
    include: { product: true },
  });
  if (!generation) return null;
  const assetIds = [generation.sourceAssetId, generation.outputAssetId].filter((id): id is string => Boolean(id));
  const assets = assetIds.length ? await ctx.db.asset.findMany({ where: { id: { in: assetIds } } }) : [];
  return {
    ...generation,
    attempts: parseAttempts(generation.attempts),
    sourceAsset: assets.find((a) => a.id === generation.sourceAssetId) ?? null,
    outputAsset: assets.find((a) => a.id === generation.outputAssetId) ?? null,
  };
}
