/**
 * The dependencies domain services and job handlers receive, built once per process from the
 * validated env. Tests build their own with a private database and queue prefix.
 */
import type { Redis } from "ioredis";
import { createDb, type Db } from "./db.server";
import type { Env } from "./env.server";
import { createQueues, closeQueues, type Queues } from "./jobs/queues";
import { createLogger, type Logger } from "./logger.server";
import { createRedis } from "./redis.server";
import { engineConfig, type EngineConfig } from "./engine/config";
import { defaultRegistry, type Registry } from "./providers/registry/index";
import { createProviders, providersConfigFromEnv } from "./providers/index";
import type { Provider, ProviderName } from "./providers/types";
import { createStorage, type Storage } from "./storage/index";

export interface AppContext {
  env: Env;
  db: Db;
  /** Plain commands (rate limits, health windows); not for BullMQ blocking calls. */
  redis: Redis;
  queues: Queues;
  log: Logger;
  /** The model registry (injectable: tests add models by configuration). */
  registry: Registry;
  /** One adapter per provider (unconfigured ones answer provider_unavailable). */
  providers: Record<ProviderName, Provider>;
  /** Originals and outputs: local disk or GCS. */
  storage: Storage;
  /** Generation engine settings (poll timing, fidelity threshold, download allowlist, breaker tuning). */
  engine: EngineConfig;
}

export function createContext(env: Env, overrides: Partial<AppContext> = {}): AppContext {
  const log = overrides.log ?? createLogger(env.LOG_LEVEL);
  const redis = overrides.redis ?? createRedis(env.REDIS_URL, { name: "glint" });
  return {
    env,
    log,
    redis,
    db: overrides.db ?? createDb(env.DATABASE_URL),
    queues: overrides.queues ?? createQueues(redis, env.REDIS_PREFIX),
    registry: overrides.registry ?? defaultRegistry(),
    providers: overrides.providers ?? createProviders(providersConfigFromEnv(env)),
    storage: overrides.storage ?? createStorage(env),
    engine: overrides.engine ?? engineConfig(env),
  };
}

export async function closeContext(ctx: AppContext): Promise<void> {
  await closeQueues(ctx.queues);
  await ctx.db.$disconnect();
  ctx.redis.disconnect();
}
