import { readFileSync } from "node:fs";
import { buildClientSchema, parse, validate, type IntrospectionQuery } from "graphql";
import { describe, expect, it } from "vitest";
import { BILLING_OPERATIONS } from "./shopify-operations";

const introspection = JSON.parse(readFileSync(new URL("../shopify/schema/admin-2026-10.schema.json", import.meta.url), "utf8"));
const schema = buildClientSchema((introspection.data ?? introspection) as IntrospectionQuery);

describe("billing Admin GraphQL operations", () => {
  for (const [name, source] of Object.entries(BILLING_OPERATIONS)) {
    it(`${name} is tagged #graphql and valid against the pinned 2026-10 schema`, () => {
      expect(source.trimStart().startsWith("#graphql")).toBe(true);
      const errors = validate(schema, parse(source));
      expect(errors.map((e) => e.message)).toEqual([]);
    });
  }

  it("rejects an operation the schema does not allow (the check has teeth)", () => {
    const errors = validate(schema, parse(`mutation { appUsageRecordCreate(price: { amount: "1", currencyCode: USD }) { userErrors { message } } }`));
    expect(errors.length).toBeGreaterThan(0);
  });
});
