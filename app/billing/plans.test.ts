import { describe, expect, it } from "vitest";
import { CREDIT_PACKS, PLANS, centsToDecimal, decimalToCents } from "./plans";

describe("plans and packs", () => {
  it("sells bigger packs at no higher price per credit", () => {
    const perCredit = CREDIT_PACKS.map((p) => p.priceCents / p.credits);
    expect([...perCredit].sort((a, b) => b - a)).toEqual(perCredit);
  });

  it("gives every plan an overage cap that buys at least one block", () => {
    for (const plan of PLANS) {
      expect(plan.overage.cappedAmountCents).toBeGreaterThanOrEqual(plan.overage.blockCredits * plan.overage.centsPerCredit);
    }
  });

  it("converts cents to Shopify decimals and back without float error", () => {
    expect(centsToDecimal(1900)).toBe("19.00");
    expect(centsToDecimal(5)).toBe("0.05");
    expect(decimalToCents("19.0")).toBe(1900);
    expect(decimalToCents("0.07")).toBe(7);
    expect(decimalToCents(250)).toBe(25000);
    expect(() => centsToDecimal(1.5)).toThrow(RangeError);
  });
});
