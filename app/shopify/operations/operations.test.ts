import { readFileSync } from "node:fs";
import { buildClientSchema, parse, validate, type GraphQLSchema } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import * as bulk from "./bulk";
import { CATALOG_BULK_QUERY } from "./bulk-queries";
import * as media from "./media";
import * as products from "./products";

const operations: Array<[string, string]> = Object.entries({ ...bulk, ...media, ...products });

let schema: GraphQLSchema;
beforeAll(() => {
  const introspection = JSON.parse(readFileSync("app/shopify/schema/admin-2026-10.schema.json", "utf8"));
  schema = buildClientSchema(introspection.data);
});

describe("Admin GraphQL operations", () => {
  it("exports operations to check", () => {
    expect(operations.length).toBeGreaterThanOrEqual(12);
  });

  it.each(operations)("%s is tagged #graphql and valid against the pinned 2026-10 schema", (_name, operation) => {
    expect(operation.trimStart().startsWith("#graphql")).toBe(true);
    const errors = validate(schema, parse(operation));
    expect(errors.map((e) => e.message)).toEqual([]);
  });

  it("the catalog bulk query is valid too", () => {
    expect(validate(schema, parse(CATALOG_BULK_QUERY)).map((e) => e.message)).toEqual([]);
  });

  it("uses no deprecated field or mutation", () => {
    const deprecated: string[] = [];
    const mutationFields = schema.getMutationType()!.getFields();
    for (const [name, operation] of operations) {
      for (const match of operation.matchAll(/^\s{4}(\w+)\(/gm)) {
        const field = mutationFields[match[1]] ?? schema.getQueryType()!.getFields()[match[1]];
        if (field?.deprecationReason) deprecated.push(`${name}: ${match[1]}`);
      }
    }
    expect(deprecated).toEqual([]);
  });
});
