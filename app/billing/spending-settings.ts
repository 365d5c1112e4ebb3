/**
 * The merchant's spending limits, stored under `spending` in Shop.settings. Every cap is in
 * credits (what the merchant sees and buys); unset means no cap of that kind. A malformed stored
 * value never blocks generation by accident: it reads as "no cap" field by field.
 */
import { z } from "zod";

const cap = z.number().int().positive().optional().catch(undefined);

export const spendingSettingsSchema = z.object({
  /** Credits the shop may spend per UTC day, all sources. */
  dailyCreditCap: cap,
  /** Credits per calendar month (UTC), all sources. */
  monthlyCreditCap: cap,
  /** Credits per UTC day for automation (new-product rules), within the daily cap. */
  automationDailyCreditCap: cap,
  /** Buy overage blocks on the plan's usage line item when credits run out. */
  autoOverage: z.boolean().default(true).catch(true),
  /** The shop's own daily provider-spend alert thresholds in USD (else the operator's defaults). */
  alertThresholdsUsd: z.array(z.number().int().positive()).optional().catch(undefined),
});

export type SpendingSettings = z.infer<typeof spendingSettingsSchema>;

export function readSpendingSettings(settings: unknown): SpendingSettings {
  const spending = settings && typeof settings === "object" ? (settings as Record<string, unknown>).spending : undefined;
  return spendingSettingsSchema.parse(spending && typeof spending === "object" ? spending : {});
}

/** Merges a validated patch into Shop.settings.spending, leaving the other settings untouched. */
export function withSpendingSettings(settings: unknown, patch: Partial<SpendingSettings>): Record<string, unknown> {
  const base = settings && typeof settings === "object" ? (settings as Record<string, unknown>) : {};
  const merged = spendingSettingsSchema.strict().parse({ ...readSpendingSettings(base), ...patch });
  return { ...base, spending: merged };
}
