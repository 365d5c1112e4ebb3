/**
 * Bulk catalog bench: a simulated store with PRODUCTS products (default 10,000) is exported with
 * bulkOperationRunQuery and its JSONL result streamed through the app's reader (readline over
 * the response body) into snapshots. Prints the result size, the time, and how much the app's
 * memory grew while streaming: it stays flat however large the catalog, because one product is in
 * memory at a time. (The simulator runs in this process and holds its own copy of the file; that
 * is measured before streaming starts and excluded.)
 *
 *   node --expose-gc --import tsx bench/bulk-catalog.ts        # PRODUCTS=10000
 */
import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { Redis } from "ioredis";
import { createLogger } from "../app/logger.server";
import { readJsonl, snapshotsFromBulkLines, startCatalogBulkExport, waitForBulkOperation } from "../app/models/products.server";
import { CostBucket } from "../app/shopify/cost-bucket.server";
import { ShopifyGraphqlClient } from "../app/shopify/graphql-client.server";
import { simRoutedFetch } from "../app/shopify/sim-routing.server";
import { startShopifySim } from "../sim/shopify/server";

const PRODUCTS = Number(process.env.PRODUCTS ?? 10_000);
const DOMAIN = "bench-bulk.myshopify.com";
const mb = (bytes: number) => Number((bytes / 1024 / 1024).toFixed(1));

const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
const prefix = `{glint-bench-${randomBytes(4).toString("hex")}}`;
const sim = await startShopifySim({ port: 0, apiKey: "bench", apiSecret: "bench-secret-0123456789abcdef", appUrl: "http://127.0.0.1:9" });
try {
  const shop = sim.addShop({ domain: DOMAIN, productCount: PRODUCTS, seed: 2 });
  const admin = new ShopifyGraphqlClient({
    shop: DOMAIN,
    accessToken: shop.accessToken,
    apiVersion: "2026-10",
    bucket: CostBucket.forShop(redis, prefix, DOMAIN),
    log: createLogger("silent"),
    fetch: simRoutedFetch(sim.url),
  });
  const id = await startCatalogBulkExport(admin);
  const outcome = await waitForBulkOperation(admin, id, { pollMs: 200 });
  if (!outcome.url) throw new Error("bulk operation produced no file");

  let jsonlBytes = 0;
  const countingFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    jsonlBytes = Number(response.headers.get("content-length") ?? 0);
    return response;
  };
  global.gc?.();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed;
  // With --expose-gc, the heap still live after a collection, every 2,500 products: what the
  // stream actually keeps (garbage from parsing lines does not count).
  const retainedHeap: number[] = [];
  let products = 0;
  let media = 0;
  const started = Date.now();
  for await (const snapshot of snapshotsFromBulkLines(readJsonl(outcome.url, { fetch: countingFetch }))) {
    products++;
    media += snapshot.mediaIds.length;
    if (products % 250 === 0) {
      const now = process.memoryUsage();
      peakRss = Math.max(peakRss, now.rss);
      peakHeap = Math.max(peakHeap, now.heapUsed);
    }
    if (global.gc && products % 2500 === 0) {
      global.gc();
      retainedHeap.push(mb(process.memoryUsage().heapUsed - before.heapUsed));
    }
  }
  const result = {
    products,
    media,
    objectCount: outcome.objectCount,
    jsonlMb: mb(jsonlBytes),
    streamSeconds: Number(((Date.now() - started) / 1000).toFixed(2)),
    rssBeforeMb: mb(before.rss),
    rssGrowthMb: mb(peakRss - before.rss),
    heapGrowthMb: mb(peakHeap - before.heapUsed),
    retainedHeapMbEvery2500: retainedHeap,
  };
  console.log(`bulk: ${products} products (${media} media, ${result.jsonlMb} MB of JSONL) streamed in ${result.streamSeconds} s`);
  console.log(`memory while streaming: RSS +${result.rssGrowthMb} MB, heap +${result.heapGrowthMb} MB (RSS before: ${result.rssBeforeMb} MB)`);
  if (retainedHeap.length) console.log(`heap retained after GC, every 2,500 products: ${retainedHeap.map((v) => `${v} MB`).join(", ")}`);
  await mkdir("bench/results", { recursive: true });
  await writeFile("bench/results/bulk-catalog.json", `${JSON.stringify(result, null, 2)}\n`);
} finally {
  await sim.close();
  await redis.del(`${prefix}:shopify-cost:${DOMAIN}`, `${prefix}:shopify-cost:${DOMAIN}:probe`);
  redis.disconnect();
}
