/**
 * The worker process: runs every queue's handlers until SIGTERM/SIGINT, then shuts down
 * gracefully (running jobs finish or are released back to the queue; see jobs/runtime.server.ts).
 * Run as many as you like: they share the queues and no job runs twice.
 */
import { loadEnv } from "./env.server";
import { preflight } from "./preflight.server";
import { closeContext, createContext } from "./context.server";
import { jobHandlers } from "./jobs/handlers";
import { scheduleBillingMaintenance } from "./jobs/schedule-billing-maintenance";
import { scheduleWebhookEventsSweep } from "./jobs/shopify-webhook-events-sweep";
import { scheduleGenerationRecovery } from "./jobs/recover-generations";
import { WorkerRuntime } from "./jobs/runtime.server";
import { createRedis } from "./redis.server";
import { configureImageWork } from "./media/image-work";

const env = loadEnv();
await preflight(env);
const ctx = createContext(env);
configureImageWork(env.IMAGE_WORK_CONCURRENCY);
const log = ctx.log.child({ process: "worker", pid: process.pid });
const connection = createRedis(env.REDIS_URL, { forWorker: true, name: "glint-worker" });
const runtime = new WorkerRuntime(jobHandlers(ctx), {
  connection,
  prefix: env.REDIS_PREFIX,
  log,
  defaultConcurrency: env.WORKER_CONCURRENCY,
}).start();
await scheduleBillingMaintenance(ctx.queues);
await scheduleWebhookEventsSweep(ctx.queues);
await scheduleGenerationRecovery(ctx.queues);
log.info({ concurrency: env.WORKER_CONCURRENCY }, "worker started");

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, "worker stopping");
  await runtime.stop();
  await closeContext(ctx);
  connection.disconnect();
  log.info("worker stopped");
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
