/**
 * The Products page's search and filters, read from the URL so a filtered view can be reloaded,
 * shared and paginated. Shopify applies the catalog filters (models/products.server.ts turns them
 * into its search syntax); "No lifestyle image yet" is Glint's own knowledge, applied afterwards.
 */
export interface ProductListFilters {
  text: string;
  collectionId: string;
  productType: string;
  vendor: string;
  tag: string;
  withoutLifestyle: boolean;
}

export const FILTER_PARAMS = {
  text: "q",
  collectionId: "collection",
  productType: "type",
  vendor: "vendor",
  tag: "tag",
  withoutLifestyle: "no_lifestyle",
} as const satisfies Record<keyof ProductListFilters, string>;

export function readProductFilters(params: URLSearchParams): ProductListFilters {
  const text = (key: string) => (params.get(key) ?? "").trim().slice(0, 200);
  return {
    text: text(FILTER_PARAMS.text),
    collectionId: text(FILTER_PARAMS.collectionId),
    productType: text(FILTER_PARAMS.productType),
    vendor: text(FILTER_PARAMS.vendor),
    tag: text(FILTER_PARAMS.tag),
    withoutLifestyle: params.get(FILTER_PARAMS.withoutLifestyle) === "1",
  };
}
