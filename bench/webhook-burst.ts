/**
 * webhook-burst: N products/create webhooks (default 1,000, 10% of them redeliveries of an event
 * already sent, as Shopify's retries produce), HMAC-signed like Shopify signs them, POSTed to the
 * running app 20 at a time (after 50 sent one at a time, reported apart as the uncontended
 * latency). Measures the acknowledgement latency (HTTP round trip on loopback) and counts the jobs
 * the app queued and the events the worker recorded once it drained them: both must equal the
 * unique events.
 *
 *   npx tsx bench/webhook-burst.ts [--webhooks 1000] [--duplicates 0.1] [--parallel 20]
 */
import { createHmac, randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { createDb } from "../app/db.server";
import { QUEUE } from "../app/jobs/queues";
import { percentile } from "./lib/percentile";
import { report, reportNote } from "./lib/report";
import { startBenchStack } from "./lib/stack";

const { values } = parseArgs({
  options: {
    webhooks: { type: "string", default: "1000" },
    duplicates: { type: "string", default: "0.1" },
    parallel: { type: "string", default: "20" },
  },
});
const total = Number(values.webhooks);
const duplicateCount = Math.round(total * Number(values.duplicates));
const parallel = Number(values.parallel);

const stack = await startBenchStack({ label: "webhooks", productCount: 50 });
const redis = new Redis(stack.env.REDIS_URL, { maxRetriesPerRequest: null });
const db = createDb(stack.databaseUrl, { maxConnections: 1 });
try {
  const productIds = [...stack.sims.shopify.store.requireShop(stack.shopDomain).products.keys()];
  const unique = Array.from({ length: total - duplicateCount }, (_, i) => ({ eventId: randomUUID(), productId: productIds[i % productIds.length] }));
  // Redeliveries of earlier events, spread through the burst.
  const deliveries = [...unique];
  for (let i = 0; i < duplicateCount; i++) deliveries.splice(Math.floor(((i + 1) * deliveries.length) / (duplicateCount + 1)), 0, unique[(i * 7) % unique.length]);

  const latencies: number[] = [];
  let failures = 0;
  const send = async (delivery: (typeof unique)[number]) => {
    const body = JSON.stringify({ id: delivery.productId, admin_graphql_api_id: `gid://shopify/Product/${delivery.productId}`, title: "Bench product" });
    const started = performance.now();
    const response = await fetch(`${stack.appUrl}/webhooks/products/create`, {
      method: "POST",
      body,
      headers: {
        "Content-Type": "application/json",
        "User-Agent": "Shopify-Captain-Hook",
        "X-Shopify-Topic": "products/create",
        "X-Shopify-Hmac-Sha256": createHmac("sha256", stack.env.SHOPIFY_API_SECRET).update(body).digest("base64"),
        "X-Shopify-Shop-Domain": stack.shopDomain,
        "X-Shopify-Webhook-Id": randomUUID(),
        "X-Shopify-Event-Id": delivery.eventId,
        "X-Shopify-Triggered-At": new Date().toISOString(),
        "X-Shopify-API-Version": "2026-10",
      },
    });
    await response.arrayBuffer();
    latencies.push(performance.now() - started);
    if (response.status !== 200) failures++;
  };
  // Warm-up delivery (first request compiles routes, opens pools); not counted.
  await fetch(`${stack.appUrl}/webhooks/products/create`, { method: "POST", body: "{}", headers: { "User-Agent": "Shopify-Captain-Hook" } }).then((r) => r.arrayBuffer());

  // One at a time first: the acknowledgement path alone, without queueing behind other requests.
  const serialCount = Math.min(50, deliveries.length);
  for (const delivery of deliveries.slice(0, serialCount)) await send(delivery);
  const serial = latencies.splice(0, serialCount);

  let next = serialCount;
  await Promise.all(Array.from({ length: parallel }, async () => {
    while (next < deliveries.length) await send(deliveries[next++]);
  }));

  const queue = new Queue(QUEUE.shopifyWebhooks, { connection: redis, prefix: stack.redisPrefix });
  const counts = await queue.getJobCounts();
  const jobs = Object.values(counts).reduce((sum, n) => sum + n, 0);
  // Events are recorded in the database when their job runs: count them once the worker has drained the burst.
  const drainDeadline = Date.now() + 120_000;
  while (Date.now() < drainDeadline) {
    const { completed = 0, failed = 0 } = await queue.getJobCounts("completed", "failed");
    if (completed + failed >= jobs) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await queue.close();
  const events = await db.webhookEvent.count();

  await report("webhook_ack_p50_ms", percentile(latencies, 50), "ms");
  await report("webhook_ack_p99_ms", percentile(latencies, 99), "ms");
  await report("webhook_ack_serial_p50_ms", percentile(serial, 50), "ms");
  await report("webhook_ack_serial_p99_ms", percentile(serial, 99), "ms");
  await report("webhook_jobs_created", jobs);
  await report("webhook_unique_events", unique.length);
  await report("webhook_events_recorded", events);
  await report("webhook_non_200", failures);
  await reportNote("webhook-burst", { deliveries: deliveries.length, duplicates: duplicateCount, parallel, jobCounts: counts });
} finally {
  await db.$disconnect();
  redis.disconnect();
  await stack.teardown();
}
