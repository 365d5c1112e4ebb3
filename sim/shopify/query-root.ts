import { appInstallationView, appView, oneTimePurchaseView, subscriptionView, usageRecordView } from "./billing";
import { bulkOperationView, latestBulkOperation } from "./bulk-operation-view";
import { parseGid } from "./ids";
import type { ConnectionArgs } from "./pagination";
import type { SimContext } from "./runtime";
import { matchesSearch, parseSearchQuery, type Searchable } from "./search";
import { mediaStatus, type SimMedia } from "./store";
import { collectionView, mediaView, pageOf, productConnection, productSearchable, productView, shopView, variantView } from "./views";

/** Any object reachable through node(id), by its gid type. */
export function nodeById(context: SimContext, id: string): unknown {
  const parsed = parseGid(id);
  if (!parsed) return null;
  const { shop } = context;
  switch (parsed.type) {
    case "Product": {
      const product = shop.products.get(parsed.id);
      return product ? productView(context, product) : null;
    }
    case "ProductVariant": {
      for (const product of shop.products.values()) {
        const variant = product.variants.find((v) => v.id === parsed.id);
        if (variant) return variantView(context, product, variant);
      }
      return null;
    }
    case "Collection": {
      const collection = shop.collections.get(parsed.id);
      return collection ? collectionView(context, collection) : null;
    }
    case "MediaImage":
    case "Video":
    case "GenericFile": {
      const media = shop.media.get(parsed.id);
      return media && media.typename === parsed.type ? mediaView(context, media) : null;
    }
    case "BulkOperation": {
      const operation = shop.bulkOperations.get(parsed.id);
      return operation ? bulkOperationView(context, operation) : null;
    }
    case "AppSubscription": {
      const subscription = shop.subscriptions.get(parsed.id);
      return subscription ? subscriptionView(context, subscription) : null;
    }
    case "AppPurchaseOneTime": {
      const purchase = shop.oneTimePurchases.get(parsed.id);
      return purchase ? oneTimePurchaseView(purchase) : null;
    }
    case "AppUsageRecord":
      return usageRecordView(context, parsed.id);
    default:
      return null;
  }
}

function fileSearchable(media: SimMedia): Searchable {
  return {
    defaultText: `${media.filename} ${media.alt}`,
    text: (field) => {
      switch (field) {
        case "filename": return media.filename;
        case "media_type": return media.typename === "MediaImage" ? "IMAGE" : media.typename === "Video" ? "VIDEO" : "GENERIC_FILE";
        case "status": return mediaStatus(media);
        case "created_at": return media.createdAt;
        case "updated_at": return media.updatedAt;
        case "id": return media.id;
        case "product_id": return media.productIds.map(String);
        case "used_in": return media.productIds.length > 0 ? "product" : "none";
        default: return undefined;
      }
    },
  };
}

/** node(id) narrowed to one type: product(id:) with a collection id is null, as in Shopify. */
function nodeOfType(context: SimContext, id: string, ...typenames: string[]): unknown {
  const node = nodeById(context, id) as { __typename?: string } | null;
  return node && typenames.includes(node.__typename ?? "") ? node : null;
}

export function queryRoot(context: SimContext) {
  const { shop } = context;
  return {
    shop: () => shopView(context, shop),
    products: (args: Parameters<typeof productConnection>[2]) => productConnection(context, [...shop.products.values()], args),
    product: (args: { id: string }) => nodeOfType(context, args.id, "Product"),
    productByIdentifier: (args: { identifier: { id?: string; handle?: string } }) => {
      if (args.identifier.id) return nodeOfType(context, args.identifier.id, "Product");
      const product = [...shop.products.values()].find((p) => p.handle === args.identifier.handle);
      return product ? productView(context, product) : null;
    },
    productsCount: (args: { query?: string; limit?: number | null }) => {
      const query = parseSearchQuery(args.query);
      const total = [...shop.products.values()].filter((p) => matchesSearch(productSearchable(p), query)).length;
      // Shopify caps counts at the limit (10,000 by default) and says so in precision.
      const limit = args.limit === undefined ? 10_000 : args.limit;
      return limit !== null && total > limit ? { count: limit, precision: "AT_LEAST" } : { count: total, precision: "EXACT" };
    },
    productVariant: (args: { id: string }) => nodeOfType(context, args.id, "ProductVariant"),
    collections: (args: ConnectionArgs & { query?: string; sortKey?: string }) => {
      const query = parseSearchQuery(args.query);
      const collections = [...shop.collections.values()].filter((c) =>
        matchesSearch({ defaultText: c.title, text: (f) => (f === "title" ? c.title : f === "handle" ? c.handle : f === "id" ? c.id : undefined) }, query),
      );
      if (args.sortKey === "TITLE") collections.sort((a, b) => a.title.localeCompare(b.title));
      return pageOf(context, collections, args, (c) => collectionView(context, c));
    },
    collection: (args: { id: string }) => nodeOfType(context, args.id, "Collection"),
    files: (args: ConnectionArgs & { query?: string; sortKey?: string }) => {
      const query = parseSearchQuery(args.query);
      const files = [...shop.media.values()].filter((m) => matchesSearch(fileSearchable(m), query));
      if (args.sortKey === "CREATED_AT") files.sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);
      if (args.sortKey === "UPDATED_AT") files.sort((a, b) => a.updatedAt - b.updatedAt || a.id - b.id);
      if (args.sortKey === "FILENAME") files.sort((a, b) => a.filename.localeCompare(b.filename));
      return pageOf(context, files, args, (m) => mediaView(context, m));
    },
    node: (args: { id: string }) => nodeById(context, args.id),
    nodes: (args: { ids: string[] }) => args.ids.map((id) => nodeById(context, id)),
    currentBulkOperation: (args: { type?: string }) => {
      const operation = latestBulkOperation(shop, args.type ?? "QUERY");
      return operation ? bulkOperationView(context, operation) : null;
    },
    bulkOperation: (args: { id: string }) => nodeOfType(context, args.id, "BulkOperation"),
    currentAppInstallation: () => appInstallationView(context),
    app: () => appView(context),
    job: (args: { id: string }) => ({ __typename: "Job", id: args.id, done: true, query: () => queryRoot(context) }),
  };
}
