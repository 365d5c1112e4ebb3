/**
 * Reading the catalog: one page of products for the product list (cursor pagination, merchant
 * filters turned into a safely quoted Shopify search query), the shop's collections, one product
 * with its media, a product's variants with their images, Product snapshot rows, and whole-catalog
 * sync through a bulk operation whose JSONL result is streamed line by line, never held in memory.
 */
import { createHash } from "node:crypto";
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import type { AppContext } from "../context.server";
import type { AdminGraphql } from "../shopify/graphql-client.server";
import { abortableSleep } from "../shopify/graphql-client.server";
import { UserFacingError } from "../errors";
import { ShopifyApiError, throwOnUserErrors } from "../shopify/errors";
import { BULK_OPERATION_QUERY, BULK_PRODUCTS_RUN_MUTATION } from "../shopify/operations/bulk";
import { CATALOG_BULK_QUERY } from "../shopify/operations/bulk-queries";
import { COLLECTIONS_QUERY, PRODUCT_DETAIL_QUERY, PRODUCT_VARIANTS_QUERY, PRODUCTS_PAGE_QUERY } from "../shopify/operations/products";

// ---- Search query ----------------------------------------------------------------------------

export interface ProductFilters {
  /** Free text typed by the merchant. */
  text?: string;
  productType?: string;
  vendor?: string;
  tag?: string;
  status?: "active" | "draft" | "archived";
  /** A collection GID (or its numeric id); anything else is refused by `collectionSearchId`. */
  collectionId?: string;
}

/**
 * Shopify search syntax with every merchant value as a quoted phrase (backslash and quote
 * escaped), so input like `x" OR vendor:y` stays one literal value instead of new search terms.
 */
export function quoteSearchValue(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

const COLLECTION_ID = /^(?:gid:\/\/shopify\/Collection\/)?(\d{1,20})$/;

/**
 * The numeric id Shopify's `collection_id:` search term takes, from a collection GID or number.
 * Anything else is refused: it would otherwise reach the search string unquoted.
 */
export function collectionSearchId(value: string): string {
  const match = COLLECTION_ID.exec(value.trim());
  if (!match) {
    throw new UserFacingError({ code: "invalid_filter", httpStatus: 400, message: "That collection filter is not valid. Clear it and pick a collection from the list." });
  }
  return match[1];
}

export function productSearchQuery(filters: ProductFilters): string | undefined {
  const terms: string[] = [];
  if (filters.collectionId) terms.push(`collection_id:${collectionSearchId(filters.collectionId)}`);
  const text = filters.text?.trim();
  if (text) terms.push(quoteSearchValue(text));
  if (filters.productType) terms.push(`product_type:${quoteSearchValue(filters.productType)}`);
  if (filters.vendor) terms.push(`vendor:${quoteSearchValue(filters.vendor)}`);
  if (filters.tag) terms.push(`tag:${quoteSearchValue(filters.tag)}`);
  if (filters.status) terms.push(`status:${filters.status}`);
  return terms.length ? terms.join(" AND ") : undefined;
}

// ---- Pages and detail ------------------------------------------------------------------------

export const PAGE_SIZE_MAX = 100;

export async function listProductsPage(
  admin: AdminGraphql,
  options: { filters?: ProductFilters; after?: string | null; first?: number; signal?: AbortSignal },
) {
  const first = Math.min(Math.max(options.first ?? 25, 1), PAGE_SIZE_MAX);
  const data = await admin.request(PRODUCTS_PAGE_QUERY, {
    variables: {
      first,
      after: options.after ?? null,
      query: productSearchQuery(options.filters ?? {}) ?? null,
      sortKey: "UPDATED_AT",
      reverse: true,
    },
    signal: options.signal,
  });
  return { products: data.products.nodes, pageInfo: data.products.pageInfo };
}

export type ProductsPage = Awaited<ReturnType<typeof listProductsPage>>;

/** Collections offered in the product list's filter: Shopify's first page, alphabetical. */
export const COLLECTIONS_MAX = 250;

export async function listCollections(admin: AdminGraphql, signal?: AbortSignal): Promise<Array<{ id: string; title: string }>> {
  const data = await admin.request(COLLECTIONS_QUERY, { variables: { first: COLLECTIONS_MAX }, signal });
  return data.collections.nodes.map((c) => ({ id: c.id, title: c.title }));
}

export async function getProductDetail(admin: AdminGraphql, productId: string, signal?: AbortSignal) {
  const data = await admin.request(PRODUCT_DETAIL_QUERY, { variables: { id: productId }, signal });
  return data.product ?? null;
}

export type ProductDetail = NonNullable<Awaited<ReturnType<typeof getProductDetail>>>;

/** A product's variants with their options and the image each shows; null when the product is gone. */
export async function getProductVariants(admin: AdminGraphql, productId: string, signal?: AbortSignal) {
  const data = await admin.request(PRODUCT_VARIANTS_QUERY, { variables: { id: productId }, signal });
  return data.product?.variants.nodes ?? null;
}

export type ProductVariants = NonNullable<Awaited<ReturnType<typeof getProductVariants>>>;

// ---- Snapshots -------------------------------------------------------------------------------

export interface ProductSnapshot {
  shopifyId: string;
  title: string;
  handle: string;
  productType?: string | null;
  vendor?: string | null;
  tags: string[];
  descriptionHtml: string;
  /** Media GIDs in gallery order, without the media Glint added itself. */
  mediaIds: string[];
  shopifyUpdatedAt?: string | Date | null;
}

/**
 * What generation depends on: title, description and the set of source images. Media ids, not
 * URLs (the same image is served from several URLs); sorted, so reordering is not a change.
 */
export function productContentHash(input: { title: string; descriptionHtml: string; mediaIds: string[] }): string {
  return createHash("sha256")
    .update(JSON.stringify([input.title, input.descriptionHtml, [...input.mediaIds].sort()]))
    .digest("hex");
}

/**
 * `sourceHash` is this module's; `contentHash` (required, also written by the generation engine
 * from its own inputs) is only set when the row is created.
 */
export function upsertProductSnapshot(ctx: Pick<AppContext, "db">, shopId: string, snapshot: ProductSnapshot) {
  const sourceHash = productContentHash(snapshot);
  const fields = {
    title: snapshot.title,
    handle: snapshot.handle,
    productType: snapshot.productType || null,
    vendor: snapshot.vendor || null,
    tags: snapshot.tags,
    sourceHash,
    shopifyUpdatedAt: snapshot.shopifyUpdatedAt ? new Date(snapshot.shopifyUpdatedAt) : null,
  };
  return ctx.db.product.upsert({
    where: { shopId_shopifyId: { shopId, shopifyId: snapshot.shopifyId } },
    create: { shopId, shopifyId: snapshot.shopifyId, contentHash: sourceHash, ...fields },
    update: fields,
  });
}

export function snapshotFromDetail(product: ProductDetail, glintMediaIds: ReadonlySet<string> = new Set()): ProductSnapshot {
  return {
    shopifyId: product.id,
    title: product.title,
    handle: product.handle,
    productType: product.productType,
    vendor: product.vendor,
    tags: product.tags,
    descriptionHtml: product.descriptionHtml,
    mediaIds: product.media.nodes.map((m) => m.id).filter((id) => !glintMediaIds.has(id)),
    shopifyUpdatedAt: product.updatedAt,
  };
}

/** Shopify media GIDs Glint published on a shop's products: excluded from snapshots and hashes. */
export async function glintMediaIds(ctx: Pick<AppContext, "db">, shopId: string, productId?: string): Promise<Set<string>> {
  const rows = await ctx.db.asset.findMany({
    where: { shopId, shopifyMediaId: { not: null }, ...(productId ? { productId } : {}), kind: { not: "original" } },
    select: { shopifyMediaId: true },
  });
  return new Set(rows.map((r) => r.shopifyMediaId!));
}

// ---- Whole-catalog sync ----------------------------------------------------------------------

export async function startCatalogBulkExport(admin: AdminGraphql, signal?: AbortSignal): Promise<string> {
  const data = await admin.request(BULK_PRODUCTS_RUN_MUTATION, { variables: { query: CATALOG_BULK_QUERY }, signal });
  const result = data.bulkOperationRunQuery;
  throwOnUserErrors("bulkOperationRunQuery", result?.userErrors);
  if (!result?.bulkOperation) throw new ShopifyApiError("graphql", "bulkOperationRunQuery returned no operation", false);
  return result.bulkOperation.id;
}

export interface BulkOutcome {
  status: string;
  objectCount: number;
  /** Absent when the catalog is empty. */
  url: string | null;
}

/** Polls until the operation ends; Shopify finishes large catalogs in minutes, so the wait backs off. */
export async function waitForBulkOperation(
  admin: AdminGraphql,
  id: string,
  options: { signal?: AbortSignal; pollMs?: number; maxPollMs?: number; timeoutMs?: number } = {},
): Promise<BulkOutcome> {
  const deadline = Date.now() + (options.timeoutMs ?? 3600_000);
  let delay = options.pollMs ?? 1_000;
  for (;;) {
    const data = await admin.request(BULK_OPERATION_QUERY, { variables: { id }, signal: options.signal });
    const op = data.bulkOperation;
    if (!op) throw new ShopifyApiError("graphql", `Bulk operation ${id} not found`, false);
    if (op.status === "COMPLETED") return { status: op.status, objectCount: Number(op.objectCount), url: op.url ?? null };
    if (op.status === "FAILED" || op.status === "CANCELED" || op.status === "EXPIRED") {
      throw new ShopifyApiError("unavailable", `Bulk operation ${op.status.toLowerCase()} (${op.errorCode ?? "no code"})`, true);
    }
    if (Date.now() > deadline) throw new ShopifyApiError("unavailable", "Bulk operation did not finish in time", true);
    await abortableSleep(delay, options.signal);
    delay = Math.min(delay * 2, options.maxPollMs ?? 10_000);
  }
}

/** One JSON object per line of the result file, read as it downloads. */
export async function* readJsonl<T = Record<string, unknown>>(
  url: string,
  options: { signal?: AbortSignal; fetch?: typeof fetch; timeoutMs?: number } = {},
): AsyncGenerator<T> {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 30 * 60_000);
  const response = await (options.fetch ?? fetch)(url, {
    signal: options.signal ? AbortSignal.any([options.signal, timeout]) : timeout,
  });
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new ShopifyApiError("unavailable", `Bulk result download failed with HTTP ${response.status}`, true);
  }
  const lines = createInterface({ input: Readable.fromWeb(response.body as NodeReadableStream), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim()) yield JSON.parse(line) as T;
  }
}

interface BulkProductLine {
  id: string;
  title: string;
  handle: string;
  productType: string;
  vendor: string;
  tags: string[];
  descriptionHtml: string;
  updatedAt: string;
}
interface BulkMediaLine {
  id: string;
  __parentId: string;
}

/**
 * Groups the flat JSONL (a product line followed by its media lines) back into snapshots, one
 * product in memory at a time.
 */
export async function* snapshotsFromBulkLines(
  lines: AsyncIterable<BulkProductLine | BulkMediaLine>,
  exclude: ReadonlySet<string> = new Set(),
): AsyncGenerator<ProductSnapshot> {
  let current: ProductSnapshot | undefined;
  for await (const line of lines) {
    if ("__parentId" in line) {
      if (current && line.__parentId === current.shopifyId && !exclude.has(line.id)) current.mediaIds.push(line.id);
      continue;
    }
    if (current) yield current;
    current = { ...line, shopifyId: line.id, mediaIds: [], shopifyUpdatedAt: line.updatedAt };
  }
  if (current) yield current;
}

/** Snapshots written at once during a sync: enough to overlap round trips, few enough for the pool. */
const SYNC_PARALLEL_WRITES = 8;

/**
 * Full sync: bulk export → stream → upsert snapshots, a few at a time, while the file downloads.
 * Each upsert stands alone (they are idempotent), so a crash mid-way loses nothing a rerun does
 * not redo. Returns the product count.
 */
export async function syncCatalog(
  ctx: Pick<AppContext, "db">,
  admin: AdminGraphql,
  shopId: string,
  options: { signal?: AbortSignal; pollMs?: number; fetch?: typeof fetch } = {},
): Promise<number> {
  const id = await startCatalogBulkExport(admin, options.signal);
  const outcome = await waitForBulkOperation(admin, id, options);
  if (!outcome.url) return 0;
  const exclude = await glintMediaIds(ctx, shopId);
  let count = 0;
  let batch: ProductSnapshot[] = [];
  const flush = async () => {
    await Promise.all(batch.map((snapshot) => upsertProductSnapshot(ctx, shopId, snapshot)));
    count += batch.length;
    batch = [];
  };
  const lines = readJsonl<BulkProductLine | BulkMediaLine>(outcome.url, options);
  for await (const snapshot of snapshotsFromBulkLines(lines, exclude)) {
    batch.push(snapshot);
    if (batch.length >= SYNC_PARALLEL_WRITES) await flush();
  }
  if (batch.length) await flush();
  return count;
}
