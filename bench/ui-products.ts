/**
 * ui-products: server render time of the Products page (loader: Admin GraphQL page of products,
 * Glint status per product, balance; then the React render) for a store with 250 products, as the
 * embedded admin requests it (document request with a session token). Median of 15 requests
 * after a warm-up (the first request exchanges the token for a session). The page shows 50 of the
 * 250 products (cursor pagination), like Shopify's own product list.
 *
 *   npx tsx bench/ui-products.ts [--products 250] [--runs 15]
 */
import { parseArgs } from "node:util";
import { PLAN_LIMITS } from "../sim/shopify/throttle";
import { percentile } from "./lib/percentile";
import { report, reportNote } from "./lib/report";
import { startBenchStack } from "./lib/stack";

const { values } = parseArgs({ options: { products: { type: "string", default: "250" }, runs: { type: "string", default: "15" } } });
const products = Number(values.products);
const runs = Number(values.runs);

const stack = await startBenchStack({ label: "ui_products", productCount: products });
try {
  // Render time, not Shopify's rate limit: 17 loads in a few seconds would drain a Basic plan's
  // cost bucket (then the throttle-aware client rightly waits), so the store gets Plus limits.
  const plan = PLAN_LIMITS.plus;
  stack.sims.shopify.store.requireShop(stack.shopDomain).bucket.configure({ ...plan, currentlyAvailable: plan.maximumAvailable });
  const host = Buffer.from(`admin.shopify.com/store/${stack.shopDomain.replace(/\.myshopify\.com$/, "")}`).toString("base64").replace(/=+$/, "");
  const pageUrl = async () => {
    const tokenResponse = await fetch(`${stack.sims.urls.shopify}/_sim/session-token?shop=${stack.shopDomain}`);
    const { token } = (await tokenResponse.json()) as { token: string };
    const url = new URL("/app/products", stack.appUrl);
    for (const [key, value] of Object.entries({ embedded: "1", shop: stack.shopDomain, host, id_token: token })) url.searchParams.set(key, value);
    return url;
  };
  const render = async () => {
    const url = await pageUrl();
    const started = performance.now();
    const response = await fetch(url, { headers: { "user-agent": "Mozilla/5.0 (bench) Chrome/140.0.0.0" } });
    const html = await response.text();
    const elapsed = performance.now() - started;
    if (response.status !== 200 || !html.includes("Polaris-IndexTable")) {
      throw new Error(`the Products page did not render (HTTP ${response.status}): ${html.slice(0, 300)}`);
    }
    return elapsed;
  };
  await render();
  await render();
  const timings: number[] = [];
  for (let i = 0; i < runs; i++) timings.push(await render());
  await report("ui_products_ms", percentile(timings, 50), "ms");
  await reportNote("ui_products", { products, runs, p90Ms: Math.round(percentile(timings, 90)), maxMs: Math.round(Math.max(...timings)) });
} finally {
  await stack.teardown();
}
