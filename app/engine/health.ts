/**
 * Provider health per model, in Redis so every worker sees the same picture. A sliding window of
 * recent outcomes (a sorted set scored by time) gives the error rate and latency; when the error
 * rate crosses the threshold the breaker opens and the router skips the model. After the cooldown
 * the breaker is half-open: exactly one request (whoever takes the probe token) goes through; its
 * success closes the breaker, its failure opens it again. Concurrency slots enforce each model's
 * maxConcurrency across workers. All keys live under REDIS_PREFIX.
 */
import type { Redis } from "ioredis";

export type BreakerState = "closed" | "open" | "half_open";

export interface HealthOptions {
  windowMs: number;
  /** Outcomes needed in the window before the error rate is trusted. */
  minSamples: number;
  /** Error share that opens the breaker. */
  errorRateToOpen: number;
  cooldownMs: number;
  /** How long a half-open probe may take before another worker may probe. */
  probeTimeoutMs: number;
}

export const DEFAULT_HEALTH_OPTIONS: HealthOptions = {
  windowMs: 5 * 60_000,
  minSamples: 5,
  errorRateToOpen: 0.5,
  cooldownMs: 60_000,
  probeTimeoutMs: 120_000,
};

export interface ModelHealthSnapshot {
  modelId: string;
  state: BreakerState;
  samples: number;
  errorRate: number;
  p50LatencyMs?: number;
}

// Adds a slot unless the model is full; expired slots (crashed workers) are dropped first.
const ACQUIRE_SLOT = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZSCORE', KEYS[1], ARGV[3]) then return 1 end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[4]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1`;

export class ModelHealth {
  private readonly options: HealthOptions;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    options: Partial<HealthOptions> = {},
  ) {
    this.options = { ...DEFAULT_HEALTH_OPTIONS, ...options };
  }

  private key(kind: string, modelId: string): string {
    return `${this.prefix}:health:${kind}:${modelId}`;
  }

  /** Records one finished call. `probe` is true when this call held the half-open probe. */
  async record(modelId: string, outcome: { ok: boolean; latencyMs: number }, now = Date.now()): Promise<void> {
    const window = this.key("window", modelId);
    const member = `${now}:${outcome.ok ? 1 : 0}:${Math.round(outcome.latencyMs)}:${Math.random().toString(36).slice(2, 8)}`;
    await this.redis
      .multi()
      .zadd(window, now, member)
      .zremrangebyscore(window, "-inf", now - this.options.windowMs)
      .pexpire(window, this.options.windowMs * 2)
      .exec();
    const openUntil = await this.redis.get(this.key("open", modelId));
    if (openUntil !== null) {
      // A result while open or half-open: success closes, failure re-opens for another cooldown.
      if (outcome.ok) await this.close(modelId);
      else if (Number(openUntil) <= now) await this.open(modelId, now);
      return;
    }
    const stats = await this.stats(modelId, now);
    if (!outcome.ok && stats.samples >= this.options.minSamples && stats.errorRate >= this.options.errorRateToOpen) {
      await this.open(modelId, now);
    }
  }

  async state(modelId: string, now = Date.now()): Promise<BreakerState> {
    const openUntil = await this.redis.get(this.key("open", modelId));
    if (openUntil === null) return "closed";
    return Number(openUntil) > now ? "open" : "half_open";
  }

  /**
   * May a new request go to this model? Closed: yes. Open: no. Half-open: only the caller that
   * takes the probe token (one per probeTimeout across all workers).
   */
  async admit(modelId: string, now = Date.now()): Promise<boolean> {
    const state = await this.state(modelId, now);
    if (state === "closed") return true;
    if (state === "open") return false;
    const taken = await this.redis.set(this.key("probe", modelId), String(now), "PX", this.options.probeTimeoutMs, "NX");
    return taken === "OK";
  }

  async snapshot(modelId: string, now = Date.now()): Promise<ModelHealthSnapshot> {
    return { modelId, state: await this.state(modelId, now), ...(await this.stats(modelId, now)) };
  }

  /** Takes one of the model's concurrency slots for `token` (idempotent); false when full. */
  async acquireSlot(modelId: string, token: string, maxConcurrency: number, holdMs: number, now = Date.now()): Promise<boolean> {
    const result = await this.redis.eval(ACQUIRE_SLOT, 1, this.key("slots", modelId), now, now + holdMs, token, maxConcurrency, holdMs * 2);
    return result === 1;
  }

  async releaseSlot(modelId: string, token: string): Promise<void> {
    await this.redis.zrem(this.key("slots", modelId), token);
  }

  private async open(modelId: string, now: number): Promise<void> {
    await this.redis
      .multi()
      .set(this.key("open", modelId), String(now + this.options.cooldownMs), "PX", this.options.windowMs + this.options.cooldownMs)
      .del(this.key("probe", modelId))
      .exec();
  }

  private async close(modelId: string): Promise<void> {
    // A fresh window: the failures that opened the breaker must not re-open it on the next blip.
    await this.redis.del(this.key("open", modelId), this.key("probe", modelId), this.key("window", modelId));
  }

  private async stats(modelId: string, now: number): Promise<{ samples: number; errorRate: number; p50LatencyMs?: number }> {
    const members = await this.redis.zrangebyscore(this.key("window", modelId), now - this.options.windowMs, "+inf");
    if (!members.length) return { samples: 0, errorRate: 0 };
    const parsed = members.map((m) => m.split(":"));
    const errors = parsed.filter((p) => p[1] === "0").length;
    const latencies = parsed.map((p) => Number(p[2])).sort((a, b) => a - b);
    return { samples: members.length, errorRate: errors / members.length, p50LatencyMs: latencies[latencies.length >> 1] };
  }
}
