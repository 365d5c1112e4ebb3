/**
 * Throttle benchmark: WRITES write-backs (fileUpdate, default 1000) from WORKERS client
 * instances sharing one Redis cost-bucket estimate, against a simulated shop whose bucket holds
 * 100 points and restores 100 points/s. Prints how many THROTTLED answers Shopify gave (callers
 * never see them) and the run time against the bucket's theoretical minimum.
 *
 *   npx tsx bench/throttle.ts            # WRITES=1000 WORKERS=4
 */
import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { Redis } from "ioredis";
import { createLogger } from "../app/logger.server";
import { CostBucket } from "../app/shopify/cost-bucket.server";
import { ShopifyGraphqlClient } from "../app/shopify/graphql-client.server";
import { FILE_UPDATE_MUTATION } from "../app/shopify/operations/media";
import { simRoutedFetch } from "../app/shopify/sim-routing.server";
import { startShopifySim } from "../sim/shopify/server";

const WRITES = Number(process.env.WRITES ?? 1000);
const WORKERS = Number(process.env.WORKERS ?? 4);
const BUCKET = { maximumAvailable: 100, restoreRate: 100 };
const DOMAIN = "bench-throttle.myshopify.com";

const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
const prefix = `{glint-bench-${randomBytes(4).toString("hex")}}`;
const sim = await startShopifySim({ port: 0, apiKey: "bench", apiSecret: "bench-secret-0123456789abcdef", appUrl: "http://127.0.0.1:9" });
try {
  const shop = sim.addShop({ domain: DOMAIN, productCount: 10, seed: 1 });
  shop.bucket.configure({ ...BUCKET, currentlyAvailable: BUCKET.maximumAvailable });
  const mediaIds = [...shop.products.values()].flatMap((p) => p.mediaIds).map((id) => `gid://shopify/MediaImage/${id}`);

  let throttled = 0;
  let actualCost = 0;
  const routed = simRoutedFetch(sim.url);
  const observingFetch: typeof fetch = async (input, init) => {
    const response = await routed(input, init);
    const body = (await response.clone().json()) as { errors?: Array<{ extensions?: { code?: string } }>; extensions?: { cost?: { actualQueryCost?: number } } };
    if (body.errors?.some((e) => e.extensions?.code === "THROTTLED")) throttled++;
    actualCost += body.extensions?.cost?.actualQueryCost ?? 0;
    return response;
  };
  const log = createLogger("silent");
  const clients = Array.from({ length: WORKERS }, () =>
    new ShopifyGraphqlClient({ shop: DOMAIN, accessToken: shop.accessToken, apiVersion: "2026-10", bucket: CostBucket.forShop(redis, prefix, DOMAIN), log, fetch: observingFetch }),
  );

  // Each worker takes the next write when it finishes one, as BullMQ workers with concurrency would.
  let next = 0;
  let surfacedThrottled = 0;
  let failed = 0;
  const started = Date.now();
  await Promise.all(
    clients.flatMap((client) =>
      Array.from({ length: 8 }, async () => {
        while (next < WRITES) {
          const i = next++;
          try {
            await client.request(FILE_UPDATE_MUTATION, { variables: { files: [{ id: mediaIds[i % mediaIds.length], alt: `Alt ${i}` }] } });
          } catch (error) {
            failed++;
            if ((error as { code?: string }).code === "throttled") surfacedThrottled++;
          }
        }
      }),
    ),
  );
  const elapsedS = (Date.now() - started) / 1000;
  const theoreticalS = Math.max(0, actualCost - BUCKET.maximumAvailable) / BUCKET.restoreRate;
  const result = {
    writes: WRITES,
    workers: WORKERS,
    bucket: BUCKET,
    throttledAnswers: throttled,
    throttledSurfaced: surfacedThrottled,
    failed,
    elapsedS: Number(elapsedS.toFixed(2)),
    theoreticalS: Number(theoreticalS.toFixed(2)),
    ratio: Number((elapsedS / theoreticalS).toFixed(3)),
  };
  console.log(`throttled: ${throttled} of ${WRITES} requests answered THROTTLED, ${surfacedThrottled} surfaced to callers, ${failed} failed`);
  console.log(`time: ${result.elapsedS} s for ${actualCost} points; theoretical ${result.theoreticalS} s; ratio ${result.ratio}`);
  await mkdir("bench/results", { recursive: true });
  await writeFile("bench/results/throttle.json", `${JSON.stringify(result, null, 2)}\n`);
} finally {
  await sim.close();
  let cursor = "0";
  do {
    const [nextCursor, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
    cursor = nextCursor;
    if (keys.length) await redis.unlink(...keys);
  } while (cursor !== "0");
  redis.disconnect();
}
