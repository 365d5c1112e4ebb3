/**
 * The history of one generation's provider attempts, stored in Generation.attempts (JSON). Every
 * model tried, skipped or rejected is there with its reason, so operators can see what happened
 * while the merchant sees one result.
 */
export type AttemptOutcome = "running" | "validating" | "succeeded" | "failed" | "rejected" | "cancelled" | "skipped";

export type AttemptRecord = {
  /** 1-based number of the real attempt; skipped entries carry the number of the attempt they preceded. */
  n: number;
  modelId: string;
  provider: string;
  outcome: AttemptOutcome;
  providerJobId?: string;
  /** BullMQ job that started it. */
  jobId?: string;
  /** Why the router passed over the model (breaker_open, over_budget, at_capacity). */
  skipReason?: string;
  errorCode?: string;
  errorMessage?: string;
  fidelityScore?: number;
  /** Multi-photo video: the 1-based angle this clip attempt is for. */
  segment?: number;
  /** Video: the requested length fitted to this model's accepted durations (what it was sent). */
  durationSeconds?: number;
  costMicroUsd?: number;
  /** Which path finished it: webhook or poll. */
  completedVia?: "webhook" | "poll" | "start";
  startedAt: string;
  providerDoneAt?: string;
  finishedAt?: string;
  latencyMs?: number;
};

export function parseAttempts(value: unknown): AttemptRecord[] {
  return Array.isArray(value) ? (value as AttemptRecord[]) : [];
}

/** The latest real (not skipped) attempt. */
export function currentAttempt(attempts: AttemptRecord[]): AttemptRecord | undefined {
  for (let i = attempts.length - 1; i >= 0; i--) if (attempts[i].outcome !== "skipped") return attempts[i];
  return undefined;
}

export function attemptNumber(attempts: AttemptRecord[]): number {
  return currentAttempt(attempts)?.n ?? 0;
}

/** Returns a new list with attempt n changed. */
export function updateAttempt(attempts: AttemptRecord[], n: number, patch: Partial<AttemptRecord>): AttemptRecord[] {
  return attempts.map((a) => (a.n === n && a.outcome !== "skipped" ? { ...a, ...patch } : a));
}
