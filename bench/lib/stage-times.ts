/**
 * Where a generation's time goes, read from the BullMQ job records the pipeline left behind (its job
 * ids are deterministic, so each stage's job can be found from the generation id): for every stage,
 * the wait (added → picked up) and the run (picked up → finished), as p50 over the generations.
 */
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { jobId, QUEUE, type QueueName } from "../../app/jobs/queues";
import { percentile } from "./percentile";

const STAGES: Array<{ stage: string; queue: QueueName; id: (generationId: string) => string }> = [
  { stage: "analyse", queue: QUEUE.generation, id: (g) => jobId("analyse", g) },
  { stage: "generate", queue: QUEUE.generation, id: (g) => jobId("generate", g, 1) },
  { stage: "validate", queue: QUEUE.generation, id: (g) => jobId("validate", g, 1) },
  { stage: "publish", queue: QUEUE.publish, id: (g) => jobId("publish", g) },
];

export type StageTimes = Record<string, { waitP50Ms: number; runP50Ms: number; runP99Ms: number; jobs: number }>;

export async function stageTimes(redisUrl: string, prefix: string, generationIds: string[]): Promise<StageTimes> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queues = new Map<QueueName, Queue>();
  try {
    const result: StageTimes = {};
    for (const { stage, queue, id } of STAGES) {
      let q = queues.get(queue);
      if (!q) queues.set(queue, (q = new Queue(queue, { connection: redis, prefix })));
      const waits: number[] = [];
      const runs: number[] = [];
      for (const generationId of generationIds) {
        const job = await q.getJob(id(generationId));
        if (!job?.processedOn || !job.finishedOn) continue;
        // A delayed job is due at timestamp + delay, not when it was added.
        waits.push(job.processedOn - (job.timestamp + (job.opts.delay ?? 0)));
        runs.push(job.finishedOn - job.processedOn);
      }
      result[stage] = { waitP50Ms: percentile(waits, 50), runP50Ms: percentile(runs, 50), runP99Ms: percentile(runs, 99), jobs: runs.length };
    }
    return result;
  } finally {
    await Promise.all([...queues.values()].map((q) => q.close()));
    redis.disconnect();
  }
}
