/**
 * The life of one simulated generation job, shared by the provider simulators: admission (429,
 * 5xx, hang, concurrency slots), queued → running → succeeded / failed / cancelled on the
 * engine's sampled latency, and a real output file rendered from the input. Each simulator maps
 * these jobs onto its own wire format (Replicate prediction, fal request, OpenAI video).
 */
import { randomBytes } from "node:crypto";
import { hashSeed } from "../shared/random";
import type { Admission, FaultEngine, JobPlan } from "./engine";
import type { FileStore } from "./files";
import { findAudioUrl, findImageUrl, loadAudio, loadImage, renderOutput, taskForModel, type OutputTask } from "./outputs";

export type SimJobStatus = "queued" | "running" | "succeeded" | "failed" | "cancelled";

export interface SimOutput {
  /** Path on the simulator, e.g. /files/….png; the simulator prefixes its own URL. */
  path: string;
  contentType: string;
  bytes: number;
}

export interface SimJob {
  id: string;
  model: string;
  input: Record<string, unknown>;
  status: SimJobStatus;
  createdAt: Date;
  startedAt?: Date;
  completedAt?: Date;
  outputs: SimOutput[];
  error?: { kind: "content_policy" | "job_failure"; message: string };
  predictTimeMs?: number;
  plan: JobPlan;
  task: OutputTask;
}

export type JobEvent = "start" | "completed";

export type Submission = { kind: "created"; job: SimJob } | Exclude<Admission, { kind: "admitted" }>;

export interface JobRunnerOptions {
  engine: FaultEngine;
  files: FileStore;
  onEvent?(job: SimJob, event: JobEvent): void;
  /** The requested clip length in the provider's own input field names (video models). */
  durationSeconds?(input: Record<string, unknown>): number | undefined;
}

export class JobRunner {
  private readonly jobs = new Map<string, SimJob>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly releases = new Map<string, () => void>();
  private readonly waiters = new Map<string, Array<() => void>>();

  constructor(private readonly options: JobRunnerOptions) {}

  submit(model: string, input: Record<string, unknown>, id = randomBytes(13).toString("base64url").toLowerCase()): Submission {
    const admission = this.options.engine.admit(model);
    if (admission.kind !== "admitted") return admission;
    const plan = this.options.engine.planJob(model);
    const job: SimJob = { id, model, input, status: "queued", createdAt: new Date(), outputs: [], plan, task: taskForModel(model) };
    this.jobs.set(id, job);
    this.releases.set(id, admission.release);
    this.later(plan.queueMs, () => this.startRunning(job));
    return { kind: "created", job };
  }

  get(id: string): SimJob | undefined {
    return this.jobs.get(id);
  }

  cancel(id: string): SimJob | undefined {
    const job = this.jobs.get(id);
    if (job && !isTerminal(job.status)) this.finish(job, "cancelled");
    return job;
  }

  /** Resolves when the job is terminal or `timeoutMs` has passed (Prefer: wait, sync endpoints). */
  async waitFor(id: string, timeoutMs: number): Promise<SimJob | undefined> {
    const job = this.jobs.get(id);
    if (!job || isTerminal(job.status)) return job;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      const list = this.waiters.get(id) ?? [];
      list.push(() => {
        clearTimeout(timer);
        resolve();
      });
      this.waiters.set(id, list);
    });
    return this.jobs.get(id);
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const release of this.releases.values()) release();
    for (const list of this.waiters.values()) for (const wake of list) wake();
  }

  private startRunning(job: SimJob): void {
    if (job.status !== "queued") return;
    job.status = "running";
    job.startedAt = new Date();
    this.options.onEvent?.(job, "start");
    if (job.plan.outcome === "job_hang") return; // Never finishes: only a cancel ends it.
    this.later(job.plan.runMs, () => void this.complete(job));
  }

  private async complete(job: SimJob): Promise<void> {
    if (job.status !== "running") return;
    if (job.plan.outcome === "content_policy") {
      job.error = { kind: "content_policy", message: "content policy" };
      return this.finish(job, "failed");
    }
    if (job.plan.outcome === "job_failure") {
      job.error = { kind: "job_failure", message: "model crashed while generating" };
      return this.finish(job, "failed");
    }
    try {
      const input = await loadImage(findImageUrl(job.input));
      const file = await renderOutput({
        task: job.task,
        input,
        prompt: typeof job.input.prompt === "string" ? job.input.prompt : "",
        seed: typeof job.input.seed === "number" ? job.input.seed : hashSeed(job.id),
        width: numberOr(job.input.width),
        height: numberOr(job.input.height),
        durationSeconds: this.options.durationSeconds?.(job.input) ?? numberOr(job.input.duration),
        audio: job.task === "video" ? await loadAudio(findAudioUrl(job.input)) : undefined,
        fault: job.plan.outputFault,
      });
      if (job.status !== "running") return; // cancelled while rendering
      job.outputs = [{ path: this.options.files.put(file), contentType: file.contentType, bytes: file.bytes.length }];
      this.finish(job, "succeeded");
    } catch (error) {
      job.error = { kind: "job_failure", message: error instanceof Error ? error.message : String(error) };
      this.finish(job, "failed");
    }
  }

  private finish(job: SimJob, status: SimJobStatus): void {
    job.status = status;
    job.completedAt = new Date();
    if (job.startedAt) job.predictTimeMs = job.completedAt.getTime() - job.startedAt.getTime();
    this.releases.get(job.id)?.();
    this.releases.delete(job.id);
    for (const wake of this.waiters.get(job.id) ?? []) wake();
    this.waiters.delete(job.id);
    this.options.onEvent?.(job, "completed");
  }

  private later(ms: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, ms);
    this.timers.add(timer);
  }
}

export function isTerminal(status: SimJobStatus): boolean {
  return status === "succeeded" || status === "failed" || status === "cancelled";
}

function numberOr(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}
