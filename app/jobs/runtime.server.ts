/**
 * Runs BullMQ workers for a set of job handlers (one handler per job name, as in Immich) and shuts
 * them down gracefully: on stop, running jobs get `gracefulMs` to finish; after that they are
 * aborted and put back in the queue without spending one of their attempts, so nothing is lost and
 * another worker picks them up.
 */
import { DelayedError, Worker, type ConnectionOptions, type Job } from "bullmq";
import type { Logger } from "../logger.server";
import type { QueueName } from "./queues";

export interface JobRun {
  log: Logger;
  /** Aborted when the worker shuts down or the job is cancelled. Pass it to every outside call. */
  signal: AbortSignal;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JobHandler<Data = any> = (job: Job<Data>, run: JobRun) => Promise<unknown>;

/** queue name → job name → handler */
export type HandlerMap = Partial<Record<QueueName, Record<string, JobHandler>>>;

export interface RuntimeOptions {
  connection: ConnectionOptions;
  prefix: string;
  log: Logger;
  concurrency?: Partial<Record<QueueName, number>>;
  defaultConcurrency?: number;
  /** Lock duration: how soon a crashed worker's job is considered stalled and retried. */
  lockDurationMs?: number;
}

export const SHUTDOWN_REASON = "worker-shutdown";

export class WorkerRuntime {
  private readonly workers: Worker[] = [];
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly handlers: HandlerMap,
    private readonly options: RuntimeOptions,
  ) {}

  start(): this {
    for (const [queueName, byName] of Object.entries(this.handlers) as Array<[QueueName, Record<string, JobHandler>]>) {
      const worker = new Worker(
        queueName,
        async (job, token, signal) => this.process(queueName, byName, job, token, signal),
        {
          connection: this.options.connection,
          prefix: this.options.prefix,
          concurrency: this.options.concurrency?.[queueName] ?? this.options.defaultConcurrency ?? 4,
          lockDuration: this.options.lockDurationMs ?? 30_000,
          // A job stalled this many times is failed rather than retried forever.
          maxStalledCount: 3,
          autorun: true,
        },
      );
      worker.on("error", (error) => this.options.log.error({ err: error, queue: queueName }, "worker error"));
      this.workers.push(worker);
    }
    return this;
  }

  private async process(
    queueName: QueueName,
    byName: Record<string, JobHandler>,
    job: Job,
    token: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<unknown> {
    const handler = byName[job.name];
    const log = this.options.log.child({
      queue: queueName,
      job: job.name,
      jobId: job.id,
      shop: (job.data as { shop?: string } | undefined)?.shop,
      generationId: (job.data as { generationId?: string } | undefined)?.generationId,
    });
    if (!handler) throw new Error(`No handler for job "${job.name}" on queue "${queueName}"`);
    const abort = signal ?? new AbortController().signal;
    const started = Date.now();
    try {
      const result = await handler(job, { log, signal: abort });
      log.debug({ ms: Date.now() - started }, "job done");
      return result;
    } catch (error) {
      if (abort.aborted && abort.reason === SHUTDOWN_REASON && token) {
        // Put it back for another worker without counting an attempt.
        await job.moveToDelayed(Date.now() + 250, token);
        log.info("job released on shutdown");
        throw new DelayedError();
      }
      log.warn({ err: error, attemptsMade: job.attemptsMade }, "job failed");
      throw error;
    }
  }

  /** Cancels one running job (merchant cancel): its handler sees the abort. */
  cancel(jobId: string, reason = "cancelled"): boolean {
    return this.workers.some((w) => w.cancelJob(jobId, reason));
  }

  stop(gracefulMs = 10_000): Promise<void> {
    this.stopping ??= (async () => {
      const closing = Promise.all(this.workers.map((w) => w.close()));
      const timer = setTimeout(() => {
        this.options.log.warn({ gracefulMs }, "shutdown grace period over: releasing running jobs");
        for (const w of this.workers) w.cancelAllJobs(SHUTDOWN_REASON);
      }, gracefulMs);
      try {
        await closing;
      } finally {
        clearTimeout(timer);
      }
    })();
    return this.stopping;
  }
}
