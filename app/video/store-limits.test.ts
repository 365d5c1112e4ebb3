import { describe, expect, it } from "vitest";
import { storeVideoLimitProblem } from "./store-limits";

describe("store video limits", () => {
  it("accepts an MP4 or MOV within 10 minutes and 1 GB", () => {
    expect(storeVideoLimitProblem({ mimeType: "video/mp4", bytes: 5_000_000, durationMs: 5_000 })).toBeNull();
    expect(storeVideoLimitProblem({ mimeType: "video/quicktime", bytes: 1024 ** 3, durationMs: 600_000 })).toBeNull();
  });

  it("says plainly why a video would be refused", () => {
    expect(storeVideoLimitProblem({ mimeType: "video/webm", bytes: 1_000, durationMs: 1_000 })).toMatch(/MP4 or MOV/);
    expect(storeVideoLimitProblem({ mimeType: "video/mp4", bytes: 1.5 * 1024 ** 3, durationMs: 1_000 })).toMatch(/1\.5 GB.*up to 1 GB/);
    expect(storeVideoLimitProblem({ mimeType: "video/mp4", bytes: 1_000, durationMs: 12 * 60_000 })).toMatch(/12 minutes.*up to 10 minutes/);
  });
});
