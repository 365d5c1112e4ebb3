import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from "graphql";

export const SIM_API_VERSION = "2026-10";

const SCHEMA_PATH = fileURLToPath(new URL(`../../app/shopify/schema/admin-${SIM_API_VERSION}.schema.json`, import.meta.url));

let cached: GraphQLSchema | undefined;

/** The real Admin API schema of the pinned version; built once per process (about 0.7 s). */
export function adminSchema(): GraphQLSchema {
  if (!cached) {
    const raw = JSON.parse(readFileSync(SCHEMA_PATH, "utf8")) as { data?: IntrospectionQuery } & IntrospectionQuery;
    cached = buildClientSchema(raw.data ?? raw);
  }
  return cached;
}
