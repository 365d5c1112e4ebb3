import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

// The native engines cannot be downloaded here: the CLI runs on the JS engine through adapter-pg.
// schema.prisma reads DATABASE_URL; without it the CLI falls back to downloading the native engine.
process.env.DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/glint";
const connectionString = process.env.DATABASE_URL;

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  adapter: async () => new PrismaPg({ connectionString, idleTimeoutMillis: 100, allowExitOnIdle: true }),
});
