/**
 * Per-file isolation for integration tests: a private PostgreSQL database and a private
 * hash-tagged Redis prefix, both removed afterwards. Real services, never mocks.
 */
import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { Redis } from "ioredis";
import { parseEnv, type Env } from "../../app/env.server";
import { createContext, closeContext, type AppContext } from "../../app/context.server";
import { createLogger } from "../../app/logger.server";
import { createTestDatabase, type TestDatabase } from "./database";

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

export function testPrefix(): string {
  return `{glint-t-${randomBytes(5).toString("hex")}}`;
}

/** Removes every Redis key under a prefix (SCAN, never KEYS). */
export async function deletePrefix(prefix: string, url = TEST_REDIS_URL): Promise<void> {
  const redis = new Redis(url);
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
      cursor = next;
      if (keys.length) await redis.unlink(...keys);
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}

export function testSecret(): string {
  return randomBytes(24).toString("hex");
}

export function testEnv(overrides: Record<string, string | undefined> = {}): Env {
  return parseEnv({
    NODE_ENV: "test",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    REDIS_URL: TEST_REDIS_URL,
    SHOPIFY_API_KEY: "glint-test-key",
    SHOPIFY_API_SECRET: testSecret(),
    ...overrides,
  });
}

export interface TestContext {
  ctx: AppContext;
  database: TestDatabase;
  prefix: string;
  env: Env;
  cleanup(): Promise<void>;
}

export async function createTestContext(envOverrides: Record<string, string | undefined> = {}): Promise<TestContext> {
  const database = await createTestDatabase(inject("dbTemplate"));
  const prefix = testPrefix();
  const env = testEnv({ DATABASE_URL: database.url, REDIS_PREFIX: prefix, ...envOverrides });
  const ctx = createContext(env, { log: createLogger(env.LOG_LEVEL) });
  return {
    ctx,
    database,
    prefix,
    env,
    async cleanup() {
      await closeContext(ctx);
      await database.drop();
      await deletePrefix(prefix);
    },
  };
}
