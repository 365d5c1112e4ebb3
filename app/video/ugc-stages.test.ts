import { describe, expect, it } from "vitest";
import { toJobRow } from "../components/job-rows.server";
import { ugcProgress } from "./ugc-stages";

const base = {
  id: "g1",
  style: "ugc_video",
  batchId: null,
  modelId: "kling-ai-avatar",
  attempts: [],
  startedAt: new Date("2026-11-26T10:00:00Z"),
  completedAt: null,
  createdAt: new Date("2026-11-26T10:00:00Z"),
  creditsReserved: 12,
  creditsCharged: 0,
  errorMessage: null,
  product: { title: "Dive watch", shopifyId: "gid://shopify/Product/1" },
};

describe("a presenter video on the Jobs page", () => {
  it("shows the stage it is in: voice while analysing, presenter while generating, final cut while validating", () => {
    expect(toJobRow({ ...base, status: "analysing", progress: ugcProgress("voice") }).progress).toEqual({ stage: "voice", label: "Recording the voice-over", percent: 10 });
    expect(toJobRow({ ...base, status: "generating", progress: ugcProgress("avatar") }).progress?.label).toBe("Filming the presenter");
    expect(toJobRow({ ...base, status: "validating", progress: ugcProgress("compose") }).progress?.percent).toBe(85);
  });

  it("shows no stage once it is in review", () => {
    expect(toJobRow({ ...base, status: "ready_for_review", progress: ugcProgress("compose") }).progress).toBeNull();
  });
});
