import { describe, expect, it } from "vitest";
import { FaultEngine } from "./engine";

describe("FaultEngine", () => {
  it("repeats latencies and faults exactly under the same seed, whatever the interleaving of models", () => {
    const config = { seed: 7, defaults: { latency: { medianMs: 500, sigma: 0.6 }, faults: { server_error: 0.3 } } };
    const a = new FaultEngine(config);
    const b = new FaultEngine(config);
    const fromA = Array.from({ length: 20 }, () => [a.planJob("m/one").runMs, a.admit("m/one").kind]);
    const fromB = Array.from({ length: 20 }, () => {
      b.planJob("m/other"); // another model's draws must not shift this model's stream
      b.admit("m/other");
      return [b.planJob("m/one").runMs, b.admit("m/one").kind];
    });
    expect(fromB).toEqual(fromA);
    expect(new Set(fromA.map(([ms]) => ms)).size).toBeGreaterThan(10); // a distribution, not a constant
    expect(fromA.some(([, kind]) => kind === "server_error")).toBe(true);
  });

  it("adds the cold start only to the first job after idleness", () => {
    let now = 0;
    const engine = new FaultEngine({ defaults: { latency: { medianMs: 100, sigma: 0, coldStartMs: 900, idleBeforeColdMs: 1_000 } } }, () => now);
    expect(engine.planJob("m").runMs).toBe(1_000);
    now = 500;
    expect(engine.planJob("m").runMs).toBe(100);
    now = 5_000;
    expect(engine.planJob("m").coldStart).toBe(true);
  });

  it("limits concurrency with a retry-after and frees the slot on release", () => {
    const engine = new FaultEngine({ models: { "acme/model": { maxConcurrency: 1, retryAfterSeconds: 3 } } });
    const first = engine.admit("acme/model:abc123");
    expect(first.kind).toBe("admitted");
    expect(engine.admit("acme/model:abc123")).toEqual({ kind: "rate_limit", retryAfterSeconds: 3 });
    engine.update({ models: { "acme/model": { latency: { medianMs: 10 } } } }); // a rule change keeps the running job counted
    expect(engine.admit("acme/model:abc123").kind).toBe("rate_limit");
    if (first.kind === "admitted") first.release();
    expect(engine.admit("acme/model:abc123").kind).toBe("admitted");
    expect(engine.admit("other/model").kind).toBe("admitted"); // limits are per model
  });

  it("spends a fault budget then behaves normally, and resets to the start-up rules", () => {
    const engine = new FaultEngine({ defaults: { faults: { server_error: { rate: 1, times: 2 } } } });
    expect([engine.admit("m").kind, engine.admit("m").kind, engine.admit("m").kind]).toEqual(["server_error", "server_error", "admitted"]);
    engine.update({ models: { m: { faults: { content_policy: 1 } } } });
    expect(engine.planJob("m").outcome).toBe("content_policy");
    engine.reset();
    expect(engine.planJob("m").outcome).toBe("succeeded");
    expect(engine.admit("m").kind).toBe("server_error");
  });
});
