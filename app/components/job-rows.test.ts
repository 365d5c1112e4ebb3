import { describe, expect, it } from "vitest";
import { progressAt } from "../video/multi-photo-spec";
import { toJobRow } from "./job-rows.server";

const base = {
  id: "g1",
  style: "multi_photo_video",
  batchId: null,
  modelId: "kling-1.6-standard-fal",
  startedAt: new Date("2026-11-26T10:00:00Z"),
  completedAt: null,
  createdAt: new Date("2026-11-26T10:00:00Z"),
  creditsReserved: 20,
  creditsCharged: 0,
  errorMessage: null,
  options: { multiPhoto: { mode: "clips" } },
  product: { title: "Trail shoe", shopifyId: "gid://shopify/Product/1" },
};

describe("a multi-photo video on the Jobs page", () => {
  it("shows its stage and percentage while it renders, and only failed clips as fallbacks", () => {
    const attempts = [
      { n: 1, segment: 1, modelId: "kling-1.6-standard", provider: "replicate", outcome: "succeeded", startedAt: "2026-11-26T10:00:01Z" },
      { n: 2, segment: 2, modelId: "kling-1.6-standard", provider: "replicate", outcome: "failed", errorCode: "provider_unavailable", startedAt: "2026-11-26T10:00:02Z" },
      { n: 3, segment: 2, modelId: "kling-1.6-standard-fal", provider: "fal", outcome: "running", startedAt: "2026-11-26T10:00:03Z" },
    ];
    const row = toJobRow({ ...base, status: "generating", attempts, progress: progressAt("clips", 1, 4, "Clip 2 of 4") }, Date.parse("2026-11-26T10:01:00Z"));
    expect(row.progress).toEqual({ stage: "clips", label: "Making clips", percent: 23, detail: "Clip 2 of 4" });
    expect(row.modelName).toBe("Kling 1.6 Standard (fal)");
    expect(row.fallbacks).toEqual(["Kling 1.6 Standard (provider unavailable)"]);
  });

  it("shows no progress once it has finished, and says when no AI model was used", () => {
    const row = toJobRow({ ...base, modelId: null, status: "ready_for_review", attempts: [], progress: progressAt("store", 1), options: { multiPhoto: { mode: "stills" } } });
    expect(row.progress).toBeNull();
    expect(row.modelName).toBe("No AI model (your photos, gently zoomed)");
  });
});
