import { describe, expect, it } from "vitest";
import { ruleInputSchema, ruleMatches, withinActiveHours, type RuleProduct } from "./automation.server";

const product: RuleProduct = {
  id: "gid://shopify/Product/1",
  productType: "Mugs",
  vendor: "Clayworks",
  tags: ["summer", "Ceramic"],
  collections: [{ id: "gid://shopify/Collection/9", handle: "kitchen" }],
  minPriceCents: 1500,
  maxPriceCents: 2900,
};
const scope = (partial: object) => ruleInputSchema.parse({ name: "r", styles: ["studio"], scope: partial }).scope;

describe("ruleMatches", () => {
  it("matches everything with an empty scope", () => {
    expect(ruleMatches(scope({}), product)).toBe(true);
  });

  it("matches any listed value in a dimension, case-insensitively", () => {
    expect(ruleMatches(scope({ productTypes: ["shirts", "MUGS"] }), product)).toBe(true);
    expect(ruleMatches(scope({ tags: ["ceramic"] }), product)).toBe(true);
    expect(ruleMatches(scope({ collections: ["kitchen"] }), product)).toBe(true);
    expect(ruleMatches(scope({ collections: ["gid://shopify/Collection/9"] }), product)).toBe(true);
  });

  it("requires every non-empty dimension", () => {
    expect(ruleMatches(scope({ productTypes: ["Mugs"], vendors: ["Other"] }), product)).toBe(false);
    expect(ruleMatches(scope({ tags: ["winter"] }), product)).toBe(false);
  });

  it("matches a price range overlapping the product's variant prices", () => {
    expect(ruleMatches(scope({ priceRange: { minCents: 2500 } }), product)).toBe(true);
    expect(ruleMatches(scope({ priceRange: { maxCents: 1400 } }), product)).toBe(false);
    expect(ruleMatches(scope({ priceRange: { minCents: 3000, maxCents: 5000 } }), product)).toBe(false);
  });

  it("refuses an inverted price range with a readable message", () => {
    const result = ruleInputSchema.safeParse({ name: "r", styles: ["studio"], scope: { priceRange: { minCents: 50, maxCents: 10 } } });
    expect(result.success).toBe(false);
  });
});

describe("withinActiveHours", () => {
  const hours = { start: "09:00", end: "17:00", timezone: "America/New_York" };

  it("reads the window in the shop's timezone", () => {
    // 14:00 UTC is 09:00 in New York in winter; 13:59 UTC is 08:59.
    expect(withinActiveHours(hours, new Date("2026-01-15T14:00:00Z"))).toBe(true);
    expect(withinActiveHours(hours, new Date("2026-01-15T13:59:00Z"))).toBe(false);
    expect(withinActiveHours(hours, new Date("2026-01-15T22:00:00Z"))).toBe(false);
  });

  it("supports windows across midnight and restricts days", () => {
    const night = { start: "22:00", end: "06:00", timezone: "UTC", days: [5] }; // Friday night
    expect(withinActiveHours(night, new Date("2026-01-16T23:00:00Z"))).toBe(true); // Fri 23:00
    expect(withinActiveHours(night, new Date("2026-01-17T05:00:00Z"))).toBe(true); // Sat 05:00, Friday's window
    expect(withinActiveHours(night, new Date("2026-01-17T23:00:00Z"))).toBe(false); // Sat night
    expect(withinActiveHours(night, new Date("2026-01-16T12:00:00Z"))).toBe(false);
  });

  it("always runs without active hours", () => {
    expect(withinActiveHours(null, new Date())).toBe(true);
  });
});
