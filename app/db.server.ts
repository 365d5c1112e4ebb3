import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";

export type Db = PrismaClient;

/** A Prisma client on the JS engine through adapter-pg (no native engine on this machine kind). */
export function createDb(databaseUrl: string, options: { maxConnections?: number } = {}): Db {
  const adapter = new PrismaPg({
    connectionString: databaseUrl,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: 5_000,
    // Statements never hang a job forever: a stuck query fails and the job is retried.
    statement_timeout: 30_000,
  });
  return new PrismaClient({ adapter });
}
