/**
 * The one fault and latency engine behind every provider simulator (Replicate, fal, OpenAI).
 * Rules are set per model (matched by exact ref, then by "owner/name" without a version, then the
 * defaults) at start-up and at run time through /_sim/faults. Every random draw comes from a
 * per-model generator seeded from (seed, model), so a run repeats exactly under the same seed
 * regardless of how calls to different models interleave.
 */
import { hashSeed, seededRandom, type SeededRandom } from "../shared/random";

/** Faults decided when a request arrives. */
export type AdmissionFault = "rate_limit" | "server_error" | "hang";
/** Faults decided for a job's outcome. */
export type OutcomeFault = "content_policy" | "job_failure" | "job_hang";
/** Faults applied to an output file. */
export type OutputFault =
  | "blank_image"
  | "uniform_image"
  | "truncated_file"
  | "corrupt_file"
  | "wrong_content_type"
  | "altered_product";
export type WebhookFault = "lost_webhook" | "duplicate_webhook";
export type FaultKind = AdmissionFault | OutcomeFault | OutputFault | WebhookFault;

export const OUTPUT_FAULTS: readonly OutputFault[] = [
  "blank_image",
  "uniform_image",
  "truncated_file",
  "corrupt_file",
  "wrong_content_type",
  "altered_product",
];

/** A probability, or a probability with a budget: `{ rate: 1, times: 2 }` fires on the next two draws only. */
export type FaultSetting = number | { rate: number; times?: number };

export interface LatencySettings {
  /** Median run time of a job (log-normal). */
  medianMs: number;
  /** Shape of the log-normal: 0 is constant, 0.5 is a long tail. */
  sigma: number;
  /** Extra time for the first job after the model has been idle. */
  coldStartMs: number;
  idleBeforeColdMs: number;
  /** Time a job spends queued before it starts running. */
  queueMs: number;
}

export interface ModelFaults {
  latency?: Partial<LatencySettings>;
  /** Running jobs allowed at once; above it the API answers 429 with Retry-After. */
  maxConcurrency?: number;
  retryAfterSeconds?: number;
  faults?: Partial<Record<FaultKind, FaultSetting>>;
}

export interface FaultConfig {
  seed: number;
  defaults: ModelFaults;
  models: Record<string, ModelFaults>;
}

export const DEFAULT_LATENCY: LatencySettings = {
  medianMs: 400,
  sigma: 0.25,
  coldStartMs: 600,
  idleBeforeColdMs: 60_000,
  queueMs: 50,
};

export type Admission =
  | { kind: "admitted"; release(): void }
  | { kind: "rate_limit"; retryAfterSeconds: number }
  | { kind: "server_error" }
  | { kind: "hang" };

export interface JobPlan {
  queueMs: number;
  runMs: number;
  coldStart: boolean;
  outcome: "succeeded" | "content_policy" | "job_failure" | "job_hang";
  outputFault?: OutputFault;
  /** How many times each webhook is sent: 0 lost, 1 normal, 2 duplicated. */
  webhookCopies: number;
}

interface ModelState {
  random: SeededRandom;
  lastJobAt?: number;
  /** Fault budgets left, keyed by fault kind (only for settings with `times`). */
  budgets: Map<FaultKind, number>;
}

export class FaultEngine {
  private config: FaultConfig;
  private readonly initial: FaultConfig;
  private readonly states = new Map<string, ModelState>();
  /** Running jobs per model; kept apart from the states so a rule change does not forget them. */
  private readonly running = new Map<string, number>();

  constructor(config: Partial<FaultConfig> = {}, private readonly now: () => number = Date.now) {
    this.initial = normalise(config);
    this.config = structuredClone(this.initial);
  }

  snapshot(): FaultConfig {
    return structuredClone(this.config);
  }

  /** Merges rules in (per model, shallowly per field) and restarts the affected models' budgets and random streams. */
  update(patch: Partial<FaultConfig>): FaultConfig {
    if (patch.seed !== undefined) {
      this.config.seed = patch.seed;
      this.states.clear();
    }
    if (patch.defaults) {
      this.config.defaults = mergeRules(this.config.defaults, patch.defaults);
      this.states.clear();
    }
    for (const [model, rules] of Object.entries(patch.models ?? {})) {
      this.config.models[model] = mergeRules(this.config.models[model] ?? {}, rules);
      this.states.delete(model);
    }
    return this.snapshot();
  }

  /** Back to the start-up configuration. */
  reset(): FaultConfig {
    this.config = structuredClone(this.initial);
    this.states.clear();
    return this.snapshot();
  }

  /** Called when a request creating work arrives: 429, 5xx, hang, or a concurrency slot to release at the end. */
  admit(model: string): Admission {
    const rules = this.rulesFor(model);
    if (this.fires(model, "hang")) return { kind: "hang" };
    if (this.fires(model, "server_error")) return { kind: "server_error" };
    const retryAfterSeconds = rules.retryAfterSeconds ?? 1;
    if (this.fires(model, "rate_limit")) return { kind: "rate_limit", retryAfterSeconds };
    const running = this.running.get(model) ?? 0;
    if (rules.maxConcurrency !== undefined && running >= rules.maxConcurrency) {
      return { kind: "rate_limit", retryAfterSeconds };
    }
    this.running.set(model, running + 1);
    let released = false;
    return {
      kind: "admitted",
      release: () => {
        if (released) return;
        released = true;
        this.running.set(model, (this.running.get(model) ?? 1) - 1);
      },
    };
  }

  /** Only the transient faults of a plain API call (status reads, downloads): 5xx and hangs. */
  interfere(model: string): "server_error" | "hang" | undefined {
    if (this.fires(model, "hang")) return "hang";
    if (this.fires(model, "server_error")) return "server_error";
    return undefined;
  }

  planJob(model: string): JobPlan {
    const latency = { ...DEFAULT_LATENCY, ...this.rulesFor(model).latency };
    const state = this.state(model);
    const now = this.now();
    const coldStart = state.lastJobAt === undefined || now - state.lastJobAt > latency.idleBeforeColdMs;
    state.lastJobAt = now;
    const runMs = Math.round(
      (latency.sigma > 0 ? state.random.logNormal(latency.medianMs, latency.sigma) : latency.medianMs) +
        (coldStart ? latency.coldStartMs : 0),
    );
    const outcome = this.fires(model, "job_hang")
      ? "job_hang"
      : this.fires(model, "content_policy")
        ? "content_policy"
        : this.fires(model, "job_failure")
          ? "job_failure"
          : "succeeded";
    const outputFault = outcome === "succeeded" ? OUTPUT_FAULTS.find((fault) => this.fires(model, fault)) : undefined;
    const webhookCopies = this.fires(model, "lost_webhook") ? 0 : this.fires(model, "duplicate_webhook") ? 2 : 1;
    return { queueMs: latency.queueMs, runMs, coldStart, outcome, outputFault, webhookCopies };
  }

  private fires(model: string, kind: FaultKind): boolean {
    const setting = this.rulesFor(model).faults?.[kind];
    if (setting === undefined) return false;
    const state = this.state(model);
    const { rate, times } = typeof setting === "number" ? { rate: setting, times: undefined } : setting;
    if (rate <= 0) return false;
    if (times !== undefined) {
      const left = state.budgets.get(kind) ?? times;
      if (left <= 0) return false;
      // Draw anyway so a budget does not shift the random stream of the other faults.
      const hit = state.random.chance(rate);
      if (hit) state.budgets.set(kind, left - 1);
      return hit;
    }
    return state.random.chance(rate);
  }

  private rulesFor(model: string): ModelFaults {
    const specific = this.config.models[model] ?? this.config.models[model.split(":")[0]];
    return specific ? mergeRules(this.config.defaults, specific) : this.config.defaults;
  }

  private state(model: string): ModelState {
    let state = this.states.get(model);
    if (!state) {
      state = { random: seededRandom(hashSeed(`${this.config.seed}:${model}`)), budgets: new Map() };
      this.states.set(model, state);
    }
    return state;
  }
}

function normalise(config: Partial<FaultConfig>): FaultConfig {
  return { seed: config.seed ?? 1, defaults: config.defaults ?? {}, models: config.models ?? {} };
}

function mergeRules(base: ModelFaults, patch: ModelFaults): ModelFaults {
  return {
    ...base,
    ...patch,
    latency: { ...base.latency, ...patch.latency },
    faults: { ...base.faults, ...patch.faults },
  };
}
