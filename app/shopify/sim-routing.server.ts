/**
 * Demo and test mode only: Shopify's Admin API has no base-URL option, so requests to
 * https://{shop}.myshopify.com/… are rewritten to the store simulator at
 * {SHOPIFY_SIM_URL}/store/{shop}.myshopify.com/…. Any other host is left alone.
 */
export function rewriteShopifyUrl(input: string, simUrl: string): string {
  const url = new URL(input);
  if (url.protocol !== "https:" || !url.hostname.endsWith(".myshopify.com")) return input;
  const base = simUrl.replace(/\/$/, "");
  return `${base}/store/${url.hostname}${url.pathname}${url.search}`;
}

/** A fetch that sends *.myshopify.com traffic to the simulator. */
export function simRoutedFetch(simUrl: string, baseFetch: typeof fetch = fetch): typeof fetch {
  return (input, init) => {
    const href = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const target = rewriteShopifyUrl(href, simUrl);
    if (target === href) return baseFetch(input, init);
    if (typeof input === "string" || input instanceof URL) return baseFetch(target, init);
    return baseFetch(new Request(target, input), init);
  };
}
