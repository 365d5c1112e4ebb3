import type { LeakyBucket } from "./throttle";

export type ShopPlan = "basic" | "standard" | "advanced" | "plus";
export type MediaStatus = "UPLOADED" | "PROCESSING" | "READY" | "FAILED";
export type ProductStatus = "ACTIVE" | "DRAFT" | "ARCHIVED";

/** Where a media item's bytes come from: a lazily rendered seeded photo, or an uploaded file. */
export type MediaSource =
  | { kind: "seeded"; seed: number; angle: number; shape: string }
  | { kind: "upload"; bytes: Buffer | undefined };

export interface SimMedia {
  id: number;
  typename: "MediaImage" | "Video" | "GenericFile";
  alt: string;
  filename: string;
  mimeType: string;
  createdAt: number;
  updatedAt: number;
  source: MediaSource;
  width?: number;
  height?: number;
  /** Processing finishes no earlier than readyAt and only once the upload was probed. */
  readyAt: number;
  outcome: "pending" | "ok" | "failed";
  failure?: string;
  /** Products this file is attached to (fileUpdate referencesToAdd / productUpdate media). */
  productIds: number[];
}

export interface SimVariant {
  id: number;
  title: string;
  sku: string;
  price: string;
  compareAtPrice: string | null;
  selectedOptions: { name: string; value: string }[];
  inventoryQuantity: number;
  mediaIds: number[];
  createdAt: number;
  updatedAt: number;
}

export interface SimProduct {
  id: number;
  title: string;
  handle: string;
  descriptionHtml: string;
  productType: string;
  vendor: string;
  tags: string[];
  status: ProductStatus;
  createdAt: number;
  updatedAt: number;
  options: { id: number; name: string; values: string[] }[];
  variants: SimVariant[];
  /** Ordered: position 0 is the featured media. */
  mediaIds: number[];
  collectionIds: number[];
}

export interface SimCollection {
  id: number;
  title: string;
  handle: string;
  description: string;
  productIds: number[];
  updatedAt: number;
}

export interface SimStagedUpload {
  key: string;
  filename: string;
  mimeType: string;
  resource: string;
  bytes?: Buffer;
}

export interface SimBulkOperation {
  id: number;
  query: string;
  status: "CREATED" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELED";
  createdAt: number;
  completedAt: number | null;
  objectCount: number;
  rootObjectCount: number;
  jsonl?: string;
}

export interface SimUsageRecord {
  id: number;
  description: string;
  idempotencyKey: string | null;
  /** Money as a decimal string; compared in cents to avoid float drift. */
  price: string;
  currencyCode: string;
  createdAt: number;
}

export interface SimSubscriptionLineItem {
  index: number;
  kind: "recurring" | "usage";
  price?: string;
  interval: "EVERY_30_DAYS" | "ANNUAL";
  cappedAmount?: string;
  terms?: string;
  currencyCode: string;
  usageRecords: SimUsageRecord[];
}

export type ChargeStatus = "PENDING" | "ACTIVE" | "DECLINED" | "CANCELLED" | "EXPIRED";

export interface SimSubscription {
  kind: "subscription";
  id: number;
  name: string;
  status: ChargeStatus;
  test: boolean;
  trialDays: number;
  returnUrl: string;
  createdAt: number;
  updatedAt: number;
  lineItems: SimSubscriptionLineItem[];
}

export interface SimOneTimePurchase {
  kind: "oneTime";
  id: number;
  name: string;
  status: ChargeStatus;
  test: boolean;
  price: string;
  currencyCode: string;
  returnUrl: string;
  createdAt: number;
  updatedAt: number;
}

export interface SimAccessToken {
  mode: "offline" | "online";
  userId?: number;
  expiresAt?: number;
}

export interface SimShop {
  id: number;
  domain: string;
  /** The store handle in admin.shopify.com/store/{handle}. */
  handle: string;
  name: string;
  email: string;
  plan: ShopPlan;
  currencyCode: string;
  createdAt: number;
  installed: boolean;
  /** An offline Admin API token valid from the start, for tests that build a Session directly. */
  accessToken: string;
  accessTokens: Map<string, SimAccessToken>;
  products: Map<number, SimProduct>;
  collections: Map<number, SimCollection>;
  media: Map<number, SimMedia>;
  stagedUploads: Map<string, SimStagedUpload>;
  bulkOperations: Map<number, SimBulkOperation>;
  subscriptions: Map<number, SimSubscription>;
  oneTimePurchases: Map<number, SimOneTimePurchase>;
  bucket: LeakyBucket;
  /** Authorised Admin GraphQL requests received: lets a test show a path made none. */
  adminApiCalls: number;
}

/** In-memory state of the whole simulator: shops by domain, and one id sequence for every object. */
export class SimStore {
  readonly shops = new Map<string, SimShop>();
  // Ids above 2^32 like real Shopify ids, so 32-bit truncation bugs show up in tests.
  private lastId = 9_000_000_000;

  nextId(): number {
    return ++this.lastId;
  }

  shop(domain: string): SimShop | undefined {
    return this.shops.get(domain);
  }

  requireShop(domain: string): SimShop {
    const shop = this.shops.get(domain);
    if (!shop) throw new Error(`unknown shop ${domain}`);
    return shop;
  }

  /** A product with its media resolved, as tests and the control API want to see it. */
  productWithMedia(domain: string, productId: number): (SimProduct & { media: SimMedia[] }) | undefined {
    const shop = this.requireShop(domain);
    const product = shop.products.get(productId);
    if (!product) return undefined;
    return { ...product, media: product.mediaIds.map((id) => shop.media.get(id)).filter((m): m is SimMedia => m !== undefined) };
  }
}

/** Media status as Shopify reports it, derived from time so no timers need cleaning up. */
export function mediaStatus(media: SimMedia, now = Date.now()): MediaStatus {
  if (media.source.kind === "seeded") return "READY";
  if (now >= media.readyAt && media.outcome !== "pending") return media.outcome === "ok" ? "READY" : "FAILED";
  const processingFrom = media.createdAt + (media.readyAt - media.createdAt) / 3;
  return now < processingFrom ? "UPLOADED" : "PROCESSING";
}
