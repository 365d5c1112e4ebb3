import { describe, expect, it } from "vitest";
import { rewriteShopifyUrl } from "./sim-routing.server";

describe("rewriteShopifyUrl", () => {
  const sim = "http://127.0.0.1:4100";
  it("routes a shop's Admin API to the simulator, keeping path and query", () => {
    expect(rewriteShopifyUrl("https://demo.myshopify.com/admin/api/2026-10/graphql.json?x=1", sim)).toBe(
      "http://127.0.0.1:4100/store/demo.myshopify.com/admin/api/2026-10/graphql.json?x=1",
    );
  });
  it("leaves every other host alone", () => {
    for (const url of ["https://example.com/a", "http://demo.myshopify.com/a", "https://myshopify.com.evil.io/"]) {
      expect(rewriteShopifyUrl(url, sim)).toBe(url);
    }
  });
});
