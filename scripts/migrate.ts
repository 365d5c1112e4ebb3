import { migrate } from "../prisma/migrate";
import { loadEnv, redactUrl, exitWithConfigError } from "../app/env.server";

const env = loadEnv();
try {
  const applied = await migrate(env.DATABASE_URL, (line) => console.log(line));
  console.log(applied.length ? `migrations applied: ${applied.length}` : "database is up to date");
} catch (error) {
  const e = error as { code?: string; message?: string };
  if (e.code === "ECONNREFUSED" || e.code === "ENOTFOUND" || e.code === "28P01") {
    exitWithConfigError(`DATABASE_URL: cannot reach PostgreSQL at ${redactUrl(env.DATABASE_URL)} (${e.code})`);
  }
  throw error;
}
