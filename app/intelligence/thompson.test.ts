import { describe, expect, it } from "vitest";
import { seededRandom } from "../../sim/shared";
import { sampleBeta } from "./thompson";

describe("sampleBeta", () => {
  it.each([
    [1, 1],
    [2, 8],
    [30, 5],
    [0.5, 0.5],
  ])("Beta(%d, %d) draws lie in [0, 1] with the right mean", (alpha, beta) => {
    const random = seededRandom(1).next;
    const draws = Array.from({ length: 4000 }, () => sampleBeta(alpha, beta, random));
    expect(draws.every((x) => x >= 0 && x <= 1)).toBe(true);
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    expect(mean).toBeCloseTo(alpha / (alpha + beta), 1);
  });
});
