/**
 * The part of Shop.settings intelligence reads: the budget preference that steers automatic
 * model selection and the daily analysis budget. Lenient: a missing or bad value falls back to
 * the default instead of failing a merchant's generation.
 */
import { z } from "zod";

export const BUDGET_PREFERENCES = ["economy", "balanced", "premium"] as const;
export type BudgetPreference = (typeof BUDGET_PREFERENCES)[number];

/** $0.50 a day: about a hundred GPT-4o analyses with images. */
export const DEFAULT_ANALYSIS_DAILY_BUDGET_MICRO_USD = 500_000;

const settingsSchema = z.object({
  budgetPreference: z.enum(BUDGET_PREFERENCES).catch("balanced").default("balanced"),
  analysisDailyBudgetMicroUsd: z
    .number()
    .int()
    .nonnegative()
    .catch(DEFAULT_ANALYSIS_DAILY_BUDGET_MICRO_USD)
    .default(DEFAULT_ANALYSIS_DAILY_BUDGET_MICRO_USD),
});
export type IntelligenceSettings = z.infer<typeof settingsSchema>;

export function intelligenceSettings(settings: unknown): IntelligenceSettings {
  const parsed = settingsSchema.safeParse(typeof settings === "object" && settings !== null ? settings : {});
  return parsed.success ? parsed.data : settingsSchema.parse({});
}
