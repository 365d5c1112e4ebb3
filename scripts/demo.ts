/**
 * `npm run demo`: starts simulators, app and worker on the embedded defaults and prints the URL
 * of the local Shopify admin with Glint embedded. `npm run demo -- --smoke` instead runs one bulk
 * generation over 5 seeded products through approval and write-back, prints a summary and exits 0
 * only if all of it worked.
 */
import { z } from "zod";
import { envSchema, exitWithConfigError } from "../app/env.server";
import { startStack } from "./stack";
import { runSmoke } from "./smoke";

const smoke = process.argv.includes("--smoke");
// The demo makes its own app key and secret per run; it only needs where the services are.
const demoEnvSchema = z.object({
  DATABASE_URL: envSchema.shape.DATABASE_URL,
  REDIS_URL: envSchema.shape.REDIS_URL,
  REDIS_PREFIX: envSchema.shape.REDIS_PREFIX,
  PORT: envSchema.shape.PORT,
  LOG_LEVEL: envSchema.shape.LOG_LEVEL,
});
const parsed = demoEnvSchema.safeParse(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v)));
if (!parsed.success) exitWithConfigError(parsed.error.issues.map((i) => i.message).join("; "));
const env = parsed.data;
const stack = await startStack({
  databaseUrl: env.DATABASE_URL,
  redisUrl: env.REDIS_URL,
  redisPrefix: smoke ? `{glint-smoke-${Date.now().toString(36)}}` : env.REDIS_PREFIX,
  appPort: smoke ? 0 : env.PORT,
  logLevel: smoke ? "warn" : env.LOG_LEVEL,
  shopDomain: smoke ? `smoke-${Date.now().toString(36)}.myshopify.com` : undefined,
});

if (smoke) {
  let ok = false;
  try {
    const summary = await runSmoke(stack, { products: 5 });
    console.log(summary.lines.join("\n"));
    ok = summary.ok;
  } catch (error) {
    console.error(`smoke: FAILED: ${(error as Error).message}`);
  } finally {
    await stack.stop();
  }
  process.exit(ok ? 0 : 1);
}

console.log(`
Glint is running on its embedded defaults.

  Open the Shopify admin (local):  ${stack.adminUrl}
  App server:                      ${stack.appUrl}
  Store simulator:                 ${stack.sims.urls.shopify}

Press Ctrl+C to stop.
`);
const shutdown = async () => {
  await stack.stop();
  process.exit(0);
};
process.on("SIGINT", () => void shutdown());
process.on("SIGTERM", () => void shutdown());
