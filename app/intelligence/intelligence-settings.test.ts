import { describe, expect, it } from "vitest";
import { DEFAULT_ANALYSIS_DAILY_BUDGET_MICRO_USD, readIntelligenceSettings, withIntelligenceSettings } from "./intelligence-settings";

describe("intelligence settings", () => {
  it("defaults to a balanced budget and the default analysis budget", () => {
    expect(readIntelligenceSettings({})).toEqual({ budgetPreference: "balanced", analysisDailyBudgetMicroUsd: DEFAULT_ANALYSIS_DAILY_BUDGET_MICRO_USD });
    expect(readIntelligenceSettings(null).budgetPreference).toBe("balanced");
  });

  it("reads the intelligence section and falls back field by field on bad values", () => {
    const settings = { intelligence: { budgetPreference: "luxurious", analysisDailyBudgetMicroUsd: 250_000 } };
    expect(readIntelligenceSettings(settings)).toEqual({ budgetPreference: "balanced", analysisDailyBudgetMicroUsd: 250_000 });
  });

  it("merges a patch without touching the other sections", () => {
    const merged = withIntelligenceSettings({ general: { approvalMode: "review" }, intelligence: { analysisDailyBudgetMicroUsd: 1 } }, { budgetPreference: "economy" });
    expect(merged).toEqual({
      general: { approvalMode: "review" },
      intelligence: { budgetPreference: "economy", analysisDailyBudgetMicroUsd: 1 },
    });
  });

  it("refuses an invalid patch", () => {
    expect(() => withIntelligenceSettings({}, { budgetPreference: "cheap" as never })).toThrow();
  });
});
