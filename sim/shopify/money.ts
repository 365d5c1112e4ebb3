import type { SimSubscriptionLineItem } from "./store";

/** Money travels as decimal strings; sums and caps are compared in integer cents. */
export const toCents = (amount: string | number): number => Math.round(Number(amount) * 100);

/** A Decimal input ("10", 10, "10.5") as Shopify echoes it: two decimals. */
export const decimal = (amount: string | number): string => (toCents(amount) / 100).toFixed(2);

export const moneyFromCents = (cents: number, currencyCode: string) => ({ amount: (cents / 100).toFixed(2), currencyCode });

export function balanceUsedCents(item: SimSubscriptionLineItem): number {
  return item.usageRecords.reduce((sum, record) => sum + toCents(record.price), 0);
}
