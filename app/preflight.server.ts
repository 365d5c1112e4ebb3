/**
 * Start-up reachability check. A wrong DATABASE_URL or REDIS_URL ends the process with one
 * sentence naming the variable, instead of a client library's stack trace minutes later.
 */
import pg from "pg";
import { Redis } from "ioredis";
import { exitWithConfigError, redactUrl, type Env } from "./env.server";

function reason(error: unknown): string {
  const e = error as { code?: string; message?: string };
  if (e.code === "ECONNREFUSED") return "connection refused";
  if (e.code === "ENOTFOUND") return "host not found";
  if (e.code === "3D000") return "database does not exist (run npm run db:migrate)";
  return e.code ?? e.message ?? String(error);
}

export async function checkDatabase(databaseUrl: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 4_000 });
  try {
    await client.connect();
    await client.query("select 1");
    return undefined;
  } catch (error) {
    return `DATABASE_URL: cannot reach PostgreSQL at ${redactUrl(databaseUrl)} (${reason(error)})`;
  } finally {
    await client.end().catch(() => {});
  }
}

export async function checkRedis(redisUrl: string): Promise<string | undefined> {
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    connectTimeout: 4_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on("error", () => {});
  try {
    await redis.connect();
    await redis.ping();
    return undefined;
  } catch (error) {
    return `REDIS_URL: cannot reach Redis at ${redactUrl(redisUrl)} (${reason(error)})`;
  } finally {
    redis.disconnect();
  }
}

export async function preflight(env: Env, needs: { database?: boolean; redis?: boolean } = { database: true, redis: true }) {
  const problems = (
    await Promise.all([
      needs.database ? checkDatabase(env.DATABASE_URL) : undefined,
      needs.redis ? checkRedis(env.REDIS_URL) : undefined,
    ])
  ).filter((p): p is string => Boolean(p));
  if (problems.length) exitWithConfigError(problems.join("; "));
}
