import { handleize } from "./catalog";
import type { SimStore, SimProduct, SimShop, ProductStatus } from "./store";

/** Fields a product can be created or updated with (control API, productSet). */
export interface ProductFields {
  title?: string;
  descriptionHtml?: string;
  productType?: string;
  vendor?: string;
  tags?: string[] | string;
  status?: ProductStatus;
  handle?: string;
}

function uniqueHandle(shop: SimShop, wanted: string, exceptId?: number): string {
  const taken = new Set([...shop.products.values()].filter((p) => p.id !== exceptId).map((p) => p.handle));
  let handle = handleize(wanted) || "product";
  for (let suffix = 1; taken.has(handle); suffix++) handle = `${handleize(wanted)}-${suffix}`;
  return handle;
}

const tagList = (tags: string[] | string) => (Array.isArray(tags) ? tags : tags.split(",")).map((t) => t.trim()).filter(Boolean).sort();

export function createProduct(store: SimStore, shop: SimShop, fields: ProductFields & { price?: string }): SimProduct {
  const now = Date.now();
  const id = store.nextId();
  const title = fields.title ?? "Untitled product";
  const product: SimProduct = {
    id,
    title,
    handle: uniqueHandle(shop, fields.handle ?? title),
    descriptionHtml: fields.descriptionHtml ?? "",
    productType: fields.productType ?? "",
    vendor: fields.vendor ?? shop.name,
    tags: tagList(fields.tags ?? []),
    status: fields.status ?? "ACTIVE",
    createdAt: now,
    updatedAt: now,
    options: [{ id: store.nextId(), name: "Title", values: ["Default Title"] }],
    variants: [{ id: store.nextId(), title: "Default Title", sku: "", price: fields.price ?? "0.00", compareAtPrice: null, selectedOptions: [{ name: "Title", value: "Default Title" }], inventoryQuantity: 0, mediaIds: [], createdAt: now, updatedAt: now }],
    mediaIds: [],
    collectionIds: [],
  };
  shop.products.set(id, product);
  return product;
}

export function updateProduct(shop: SimShop, product: SimProduct, fields: ProductFields): SimProduct {
  if (fields.title !== undefined) product.title = fields.title;
  if (fields.descriptionHtml !== undefined) product.descriptionHtml = fields.descriptionHtml;
  if (fields.productType !== undefined) product.productType = fields.productType;
  if (fields.vendor !== undefined) product.vendor = fields.vendor;
  if (fields.tags !== undefined) product.tags = tagList(fields.tags);
  if (fields.status !== undefined) product.status = fields.status;
  if (fields.handle !== undefined) product.handle = uniqueHandle(shop, fields.handle, product.id);
  product.updatedAt = Date.now();
  return product;
}

export function deleteProduct(shop: SimShop, productId: number): boolean {
  const product = shop.products.get(productId);
  if (!product) return false;
  shop.products.delete(productId);
  for (const collection of shop.collections.values()) collection.productIds = collection.productIds.filter((id) => id !== productId);
  // Product media goes with the product, as in Shopify; files used elsewhere stay.
  for (const mediaId of product.mediaIds) {
    const media = shop.media.get(mediaId);
    if (!media) continue;
    media.productIds = media.productIds.filter((id) => id !== productId);
    if (media.productIds.length === 0) shop.media.delete(mediaId);
  }
  return true;
}
