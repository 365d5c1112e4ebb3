import { describe, expect, it } from "vitest";
import { configureImageWork, withImageWork } from "./image-work";

describe("withImageWork", () => {
  it("runs at most the configured number of image jobs at once, in arrival order, and frees slots on failure", async () => {
    configureImageWork(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const task = (n: number, fail = false) =>
      withImageWork(async () => {
        running++;
        peak = Math.max(peak, running);
        order.push(n);
        await new Promise((resolve) => setTimeout(resolve, 10));
        running--;
        if (fail) throw new Error(`task ${n} failed`);
        return n;
      });
    const results = await Promise.allSettled([task(1), task(2, true), task(3), task(4), task(5)]);
    expect(peak).toBe(2);
    expect(order).toEqual([1, 2, 3, 4, 5]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled", "fulfilled", "fulfilled"]);
    // Every slot came back: a sixth task starts at once.
    expect(await task(6)).toBe(6);
  });
});
