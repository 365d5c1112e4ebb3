/**
 * A whole Glint stack for one benchmark (scripts/stack.ts: simulators, app server, worker), on a
 * fresh database and a private Redis prefix, both removed when the bench stops. They live on the
 * machine's PostgreSQL and Redis unless `databaseServerUrl` and `redisUrl` name other servers (the
 * chaos run's private ones). Child output is kept in memory and shown only when the stack fails to
 * start or BENCH_VERBOSE is set.
 */
import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { createDb } from "../../app/db.server";
import { offlineSessionId } from "../../app/shopify/admin-client.server";
import { startStack, type Stack, type StackOptions } from "../../scripts/stack";
import { adminUrl } from "../../tests/support/database";
import { deletePrefix } from "../../tests/support/harness";

export interface BenchStack extends Stack {
  databaseUrl: string;
  redisPrefix: string;
  storageDir: string;
  /** The last lines the app and worker printed (for failure messages). */
  recentOutput(): string[];
  teardown(): Promise<void>;
}

async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const admin = new URL(serverUrl);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface BenchStackOptions extends Partial<StackOptions> {
  label: string;
  /** The PostgreSQL server to create the bench database on (any database URL on it); the machine's by default. */
  databaseServerUrl?: string;
}

export async function startBenchStack({ databaseServerUrl = adminUrl(), ...options }: BenchStackOptions): Promise<BenchStack> {
  const id = randomBytes(4).toString("hex");
  const database = `glint_bench_${options.label.replace(/\W/g, "_")}_${id}`;
  const url = new URL(databaseServerUrl);
  url.pathname = `/${database}`;
  const databaseUrl = url.toString();
  const redisPrefix = `{glint-bench-${id}}`;
  const storageDir = path.resolve(`.glint/bench-storage/${database}`);
  const lines: string[] = [];
  await adminQuery(databaseServerUrl, `create database "${database}"`);
  const cleanup = async () => {
    await adminQuery(databaseServerUrl, `drop database if exists "${database}" with (force)`);
    await deletePrefix(redisPrefix, options.redisUrl);
    await rm(storageDir, { recursive: true, force: true });
  };
  let stack: Stack;
  try {
    stack = await startStack({
      databaseUrl,
      redisPrefix,
      storageDir,
      logLevel: "warn",
      onOutput: (source, line) => {
        lines.push(`[${source}] ${line}`);
        if (lines.length > 400) lines.splice(0, lines.length - 200);
        if (process.env.BENCH_VERBOSE) console.log(`[${source}] ${line}`);
      },
      ...options,
    });
  } catch (error) {
    await cleanup();
    throw new Error(`the stack did not start: ${(error as Error).message}\n${lines.slice(-30).join("\n")}`, { cause: error });
  }
  await storeOfflineSession(stack, databaseUrl);
  return {
    ...stack,
    databaseUrl,
    redisPrefix,
    storageDir,
    recentOutput: () => lines.slice(-40),
    async teardown() {
      await stack.stop();
      await cleanup();
    },
  };
}

/**
 * The installed state a merchant's first visit would leave: the shop's offline session holding the
 * store's access token, so API calls with a session token need no token exchange.
 */
async function storeOfflineSession(stack: Stack, databaseUrl: string): Promise<void> {
  const db = createDb(databaseUrl, { maxConnections: 1 });
  try {
    const accessToken = stack.sims.shopify.store.requireShop(stack.shopDomain).accessToken;
    const data = { shop: stack.shopDomain, state: "installed", isOnline: false, accessToken, scope: "read_products,write_products,read_files,write_files" };
    await db.session.upsert({ where: { id: offlineSessionId(stack.shopDomain) }, create: { id: offlineSessionId(stack.shopDomain), ...data }, update: data });
  } finally {
    await db.$disconnect();
  }
}
