import { connection, type ConnectionArgs } from "./pagination";
import { gid, idOf } from "./ids";
import { iso, mediaUrl, type SimContext } from "./runtime";
import { matchesSearch, parseSearchQuery, type Searchable } from "./search";
import { mediaStatus, type SimCollection, type SimMedia, type SimProduct, type SimShop, type SimVariant } from "./store";

/*
 * GraphQL views: plain objects whose properties are field values or functions of
 * (args, context). A field missing from a view is reported as not implemented by the executor.
 */

const money = (amount: string | number, currencyCode: string) => ({ amount: Number(amount).toFixed(2), currencyCode });
const count = (value: number) => ({ count: value, precision: "EXACT" });

export function productSearchable(product: SimProduct): Searchable {
  return {
    // Built only when a query has plain words.
    get defaultText() {
      return `${product.title} ${product.vendor} ${product.productType} ${product.tags.join(" ")} ${product.variants.map((v) => v.sku).join(" ")}`;
    },
    text: (field) => {
      switch (field) {
        case "title": return product.title;
        case "handle": return product.handle;
        case "product_type": return product.productType;
        case "vendor": return product.vendor;
        case "tag": case "tags": return product.tags;
        case "tag_not": return undefined;
        case "status": return product.status;
        case "created_at": return product.createdAt;
        case "updated_at": return product.updatedAt;
        case "id": return product.id;
        case "sku": return product.variants.map((v) => v.sku);
        case "collection_id": return product.collectionIds.map(String);
        case "product_id": return product.id;
        default: return undefined;
      }
    },
  };
}

type SortKey = "ID" | "TITLE" | "CREATED_AT" | "UPDATED_AT" | "PRODUCT_TYPE" | "VENDOR" | "INVENTORY_TOTAL" | "PUBLISHED_AT" | "RELEVANCE";

function totalInventory(product: SimProduct): number {
  return product.variants.reduce((sum, v) => sum + v.inventoryQuantity, 0);
}

export function sortProducts(products: SimProduct[], sortKey: SortKey | undefined): SimProduct[] {
  // Products are stored in id order already.
  if (sortKey === undefined || sortKey === "ID" || sortKey === "RELEVANCE") return products;
  const key = (p: SimProduct): string | number => {
    switch (sortKey) {
      case "TITLE": return p.title.toLowerCase();
      case "CREATED_AT": case "PUBLISHED_AT": return p.createdAt;
      case "UPDATED_AT": return p.updatedAt;
      case "PRODUCT_TYPE": return p.productType.toLowerCase();
      case "VENDOR": return p.vendor.toLowerCase();
      case "INVENTORY_TOTAL": return totalInventory(p);
      default: return p.id;
    }
  };
  // Decorate-sort-undecorate: each key computed once, not per comparison.
  return products
    .map((product) => ({ product, key: key(product) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.product.id - b.product.id))
    .map((entry) => entry.product);
}

/** products(query, sortKey, reverse, first/after…) over a list of products. */
export function productConnection(context: SimContext, products: SimProduct[], args: ConnectionArgs & { query?: string | null; sortKey?: SortKey }) {
  const query = parseSearchQuery(args.query);
  const matching = query.length === 0 ? products : products.filter((p) => matchesSearch(productSearchable(p), query));
  return pageOf(context, sortProducts(matching, args.sortKey), args, (p) => productView(context, p));
}

/** Connection paging; bulk operations read every item. */
export function pageOf<T extends { id: number }, V>(context: SimContext, items: T[], args: ConnectionArgs, view: (item: T) => V) {
  if (context.bulk && args.first == null && args.last == null) return connection(items, { ...args, first: items.length }, view, { unbounded: true });
  return connection(items, args, view);
}

export function shopView(context: SimContext, shop: SimShop) {
  return {
    __typename: "Shop",
    id: gid("Shop", shop.id),
    name: shop.name,
    email: shop.email,
    contactEmail: shop.email,
    myshopifyDomain: shop.domain,
    url: `https://${shop.domain}`,
    currencyCode: shop.currencyCode,
    description: `${shop.name}: a simulated Shopify store.`,
    ianaTimezone: "Etc/UTC",
    createdAt: iso(shop.createdAt),
    plan: {
      displayName: { basic: "Basic", standard: "Shopify", advanced: "Advanced", plus: "Shopify Plus" }[shop.plan],
      partnerDevelopment: false,
      shopifyPlus: shop.plan === "plus",
      publicDisplayName: { basic: "Basic", standard: "Shopify", advanced: "Advanced", plus: "Plus" }[shop.plan],
    },
    primaryDomain: { __typename: "Domain", id: gid("Domain", shop.id), host: shop.domain, url: `https://${shop.domain}`, sslEnabled: true },
    products: (args: ConnectionArgs & { query?: string; sortKey?: SortKey }) => productConnection(context, [...shop.products.values()], args),
  };
}

export function imageView(context: SimContext, media: SimMedia) {
  // Transforms become the CDN's width/height parameters, as on Shopify's CDN.
  const sized = (width?: number | null, height?: number | null) => {
    const url = new URL(mediaUrl(context.sim, context.shop, media.id, media.filename, media.updatedAt));
    if (width) url.searchParams.set("width", String(width));
    if (height) url.searchParams.set("height", String(height));
    return url.href;
  };
  return {
    __typename: "Image",
    id: gid("ImageSource", media.id),
    altText: media.alt || null,
    width: media.width ?? null,
    height: media.height ?? null,
    url: (args: { transform?: { maxWidth?: number; maxHeight?: number } | null }) => sized(args.transform?.maxWidth, args.transform?.maxHeight),
    transformedSrc: (args: { maxWidth?: number; maxHeight?: number }) => sized(args.maxWidth, args.maxHeight),
    thumbhash: null,
  };
}

const MEDIA_FAILURE_CODE: Record<SimMedia["typename"], string> = {
  MediaImage: "IMAGE_PROCESSING_FAILURE",
  Video: "VIDEO_VALIDATION_ERROR",
  GenericFile: "GENERIC_FILE_DOWNLOAD_FAILURE",
};

export function mediaView(context: SimContext, media: SimMedia) {
  const status = mediaStatus(media);
  const ready = status === "READY";
  const url = mediaUrl(context.sim, context.shop, media.id, media.filename, media.updatedAt);
  const errors = status === "FAILED" ? [{ __typename: "MediaError", code: MEDIA_FAILURE_CODE[media.typename], message: media.failure ?? "Processing failed", details: media.failure ?? null }] : [];
  const previewImage = ready && media.typename !== "GenericFile" ? imageView(context, media) : null;
  const common = {
    __typename: media.typename,
    id: gid(media.typename, media.id),
    alt: media.alt,
    createdAt: iso(media.createdAt),
    updatedAt: iso(media.updatedAt),
    status,
    fileStatus: status,
    mediaErrors: errors,
    mediaWarnings: [],
    fileErrors: errors.map((e) => ({ __typename: "FileError", code: e.code, message: e.message, details: e.details })),
    preview: { __typename: "MediaPreviewImage", status, image: previewImage },
    mimeType: media.mimeType,
  };
  if (media.typename === "MediaImage") {
    return { ...common, mediaContentType: "IMAGE", image: previewImage, originalSource: { url, fileSize: uploadSize(media) } };
  }
  if (media.typename === "Video") {
    return {
      ...common,
      mediaContentType: "VIDEO",
      filename: media.filename,
      duration: ready ? 5000 : null,
      originalSource: ready ? { __typename: "VideoSource", url, format: "mp4", mimeType: media.mimeType, width: media.width ?? 0, height: media.height ?? 0, fileSize: uploadSize(media) } : null,
      sources: ready ? [{ __typename: "VideoSource", url, format: "mp4", mimeType: media.mimeType, width: media.width ?? 0, height: media.height ?? 0, fileSize: uploadSize(media) }] : [],
    };
  }
  return { ...common, url: ready ? url : null, originalFileSize: uploadSize(media) };
}

function uploadSize(media: SimMedia): number | null {
  return media.source.kind === "upload" ? (media.source.bytes?.length ?? null) : null;
}

function mediaOf(context: SimContext, ids: number[]): SimMedia[] {
  return ids.map((id) => context.shop.media.get(id)).filter((m): m is SimMedia => m !== undefined);
}

export function variantView(context: SimContext, product: SimProduct, variant: SimVariant) {
  return {
    __typename: "ProductVariant",
    id: gid("ProductVariant", variant.id),
    legacyResourceId: String(variant.id),
    title: variant.title,
    displayName: `${product.title} - ${variant.title}`,
    sku: variant.sku,
    price: variant.price,
    compareAtPrice: variant.compareAtPrice,
    position: product.variants.indexOf(variant) + 1,
    availableForSale: variant.inventoryQuantity > 0,
    inventoryQuantity: variant.inventoryQuantity,
    selectedOptions: variant.selectedOptions,
    createdAt: iso(variant.createdAt),
    updatedAt: iso(variant.updatedAt),
    product: () => productView(context, product),
    media: (args: ConnectionArgs) => pageOf(context, mediaOf(context, variant.mediaIds), args, (m) => mediaView(context, m)),
    image: () => {
      const media = mediaOf(context, variant.mediaIds)[0];
      return media && mediaStatus(media) === "READY" ? imageView(context, media) : null;
    },
  };
}

export function productView(context: SimContext, product: SimProduct) {
  const prices = product.variants.map((v) => Number(v.price));
  const media = () => mediaOf(context, product.mediaIds);
  return {
    __typename: "Product",
    id: gid("Product", product.id),
    legacyResourceId: String(product.id),
    title: product.title,
    handle: product.handle,
    descriptionHtml: product.descriptionHtml,
    description: (args: { truncateAt?: number }) => {
      const text = product.descriptionHtml.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim();
      return args.truncateAt && text.length > args.truncateAt ? `${text.slice(0, args.truncateAt - 3)}...` : text;
    },
    productType: product.productType,
    vendor: product.vendor,
    tags: product.tags,
    status: product.status,
    createdAt: iso(product.createdAt),
    updatedAt: iso(product.updatedAt),
    publishedAt: product.status === "ACTIVE" ? iso(product.createdAt) : null,
    totalInventory: product.variants.reduce((sum, v) => sum + v.inventoryQuantity, 0),
    tracksInventory: true,
    hasOnlyDefaultVariant: product.variants.length === 1 && product.options.length === 0,
    onlineStoreUrl: product.status === "ACTIVE" ? `https://${context.shop.domain}/products/${product.handle}` : null,
    onlineStorePreviewUrl: `https://${context.shop.domain}/products/${product.handle}`,
    seo: { title: null, description: null },
    priceRangeV2: {
      minVariantPrice: money(prices.length ? Math.min(...prices) : 0, context.shop.currencyCode),
      maxVariantPrice: money(prices.length ? Math.max(...prices) : 0, context.shop.currencyCode),
    },
    featuredMedia: () => {
      const first = media()[0];
      return first ? mediaView(context, first) : null;
    },
    media: (args: ConnectionArgs & { query?: string }) => pageOf(context, media(), args, (m) => mediaView(context, m)),
    mediaCount: () => count(product.mediaIds.length),
    variants: (args: ConnectionArgs) => pageOf(context, product.variants, args, (v) => variantView(context, product, v)),
    variantsCount: () => count(product.variants.length),
    options: (args: { first?: number }) =>
      product.options.slice(0, args.first ?? undefined).map((option, index) => ({
        __typename: "ProductOption",
        id: gid("ProductOption", option.id),
        name: option.name,
        position: index + 1,
        values: option.values,
        optionValues: option.values.map((value, i) => ({ __typename: "ProductOptionValue", id: gid("ProductOptionValue", option.id * 100 + i), name: value, hasVariants: true, swatch: null })),
      })),
    collections: (args: ConnectionArgs) => pageOf(context, product.collectionIds.map((id) => context.shop.collections.get(id)).filter((c): c is SimCollection => !!c), args, (c) => collectionView(context, c)),
    inCollection: (args: { id: string }) => product.collectionIds.includes(idOf(args.id, "Collection") ?? -1),
  };
}

export function collectionView(context: SimContext, collection: SimCollection) {
  const products = () => collection.productIds.map((id) => context.shop.products.get(id)).filter((p): p is SimProduct => !!p);
  return {
    __typename: "Collection",
    id: gid("Collection", collection.id),
    legacyResourceId: String(collection.id),
    title: collection.title,
    handle: collection.handle,
    description: () => collection.description,
    descriptionHtml: `<p>${collection.description}</p>`,
    updatedAt: iso(collection.updatedAt),
    image: null,
    sortOrder: "BEST_SELLING",
    products: (args: ConnectionArgs & { query?: string; sortKey?: SortKey }) => productConnection(context, products(), args),
    productsCount: () => count(products().length),
  };
}
