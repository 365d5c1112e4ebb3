/**
 * What Glint sells, as data: the free trial allowance, recurring plans (monthly credit allowance
 * plus a usage line item for overage) and one-time credit packs. Prices are integer cents in USD.
 * What a generation costs in credits is NOT here: it comes from the model registry
 * (app/providers/registry), the single source of per-model prices.
 */

export const CURRENCY = "USD";

/** Credits every new shop gets once, to try Glint before choosing a plan. */
export const FREE_TRIAL_CREDITS = 20;

export interface Plan {
  key: string;
  /** Shown to the merchant and on Shopify's charge approval page. */
  name: string;
  priceCents: number;
  /** Granted at the start of every billing period while the subscription is ACTIVE. */
  monthlyCredits: number;
  trialDays: number;
  overage: {
    /** Price of one extra credit beyond the allowance. */
    centsPerCredit: number;
    /** Most Shopify lets us bill in usage per 30 days (the usage line item's cappedAmount). */
    cappedAmountCents: number;
    /** Extra credits are bought in blocks: one usage record per block. */
    blockCredits: number;
    /** Shown on the approval page (the usage line item's terms). */
    terms: string;
  };
}

export interface CreditPack {
  key: string;
  name: string;
  credits: number;
  priceCents: number;
}

export const PLANS: readonly Plan[] = [
  {
    key: "starter",
    name: "Glint Starter",
    priceCents: 1900,
    monthlyCredits: 500,
    trialDays: 7,
    overage: { centsPerCredit: 5, cappedAmountCents: 5000, blockCredits: 50, terms: "$0.05 per extra credit, billed in blocks of 50, up to $50 a month" },
  },
  {
    key: "growth",
    name: "Glint Growth",
    priceCents: 4900,
    monthlyCredits: 1500,
    trialDays: 7,
    overage: { centsPerCredit: 4, cappedAmountCents: 15000, blockCredits: 100, terms: "$0.04 per extra credit, billed in blocks of 100, up to $150 a month" },
  },
  {
    key: "scale",
    name: "Glint Scale",
    priceCents: 14900,
    monthlyCredits: 5000,
    trialDays: 7,
    overage: { centsPerCredit: 3, cappedAmountCents: 50000, blockCredits: 250, terms: "$0.03 per extra credit, billed in blocks of 250, up to $500 a month" },
  },
];

export const CREDIT_PACKS: readonly CreditPack[] = [
  { key: "pack-100", name: "Glint 100 credits", credits: 100, priceCents: 600 },
  { key: "pack-500", name: "Glint 500 credits", credits: 500, priceCents: 2500 },
  { key: "pack-2000", name: "Glint 2,000 credits", credits: 2000, priceCents: 8000 },
];

export function findPlan(key: string): Plan | undefined {
  return PLANS.find((p) => p.key === key);
}

export function findPack(key: string): CreditPack | undefined {
  return CREDIT_PACKS.find((p) => p.key === key);
}

/** Shopify's MoneyInput/Decimal form of integer cents: 1900 → "19.00". */
export function centsToDecimal(cents: number): string {
  if (!Number.isInteger(cents) || cents < 0) throw new RangeError(`cents must be a non-negative integer, got ${cents}`);
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}

/** A MoneyInput for the billing mutations: integer cents in our currency. */
export function moneyInput(cents: number): { amount: string; currencyCode: string } {
  return { amount: centsToDecimal(cents), currencyCode: CURRENCY };
}

/** Shopify's Decimal ("19.0", "19.00", 19) back to integer cents, without float rounding. */
export function decimalToCents(amount: string | number): number {
  const [whole, fraction = ""] = String(amount).split(".");
  return Number(whole) * 100 + Number(fraction.padEnd(2, "0").slice(0, 2));
}
