/**
 * The merchant's intelligence preferences, stored under `intelligence` in Shop.settings (beside
 * `general` and `spending`): the budget preference that steers automatic model selection and the
 * daily analysis budget. Read leniently: a bad stored field falls back to its default instead of
 * failing a merchant's generation.
 */
import { z } from "zod";

export const BUDGET_PREFERENCES = ["economy", "balanced", "premium"] as const;
export type BudgetPreference = (typeof BUDGET_PREFERENCES)[number];

/** $0.50 a day: about a hundred GPT-4o analyses with images. */
export const DEFAULT_ANALYSIS_DAILY_BUDGET_MICRO_USD = 500_000;

/** What a settings form may save: strict, so a bad value is refused rather than silently replaced. */
export const intelligenceSettingsSchema = z
  .object({
    budgetPreference: z.enum(BUDGET_PREFERENCES),
    /** What product analysis and brand-kit suggestions may cost per UTC day, in micro-dollars. */
    analysisDailyBudgetMicroUsd: z.number().int().nonnegative(),
  })
  .strict();

const DEFAULTS = { budgetPreference: "balanced", analysisDailyBudgetMicroUsd: DEFAULT_ANALYSIS_DAILY_BUDGET_MICRO_USD } as const;

/** What generation reads: lenient, field by field. */
const storedSettingsSchema = z.object({
  budgetPreference: intelligenceSettingsSchema.shape.budgetPreference.catch(DEFAULTS.budgetPreference),
  analysisDailyBudgetMicroUsd: intelligenceSettingsSchema.shape.analysisDailyBudgetMicroUsd.catch(DEFAULTS.analysisDailyBudgetMicroUsd),
});
export type IntelligenceSettings = z.infer<typeof intelligenceSettingsSchema>;

function section(settings: unknown): unknown {
  const value = settings && typeof settings === "object" ? (settings as Record<string, unknown>).intelligence : undefined;
  return value && typeof value === "object" ? value : {};
}

export function readIntelligenceSettings(settings: unknown): IntelligenceSettings {
  return storedSettingsSchema.parse(section(settings));
}

/** Merges a validated patch into Shop.settings.intelligence, leaving the other sections untouched. */
export function withIntelligenceSettings(settings: unknown, patch: Partial<IntelligenceSettings>): Record<string, unknown> {
  const base = settings && typeof settings === "object" ? (settings as Record<string, unknown>) : {};
  const merged = intelligenceSettingsSchema.parse({ ...readIntelligenceSettings(base), ...patch });
  return { ...base, intelligence: merged };
}
