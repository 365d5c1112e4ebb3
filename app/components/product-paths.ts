/** Studio URLs use the numeric part of the Shopify product GID: short, and safe in a path. */
export function productStudioPath(productGid: string): string {
  return `/app/products/${productGid.split("/").pop()}`;
}

export function productGidFromParam(param: string): string | null {
  return /^\d+$/.test(param) ? `gid://shopify/Product/${param}` : null;
}
