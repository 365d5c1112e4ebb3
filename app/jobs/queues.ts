/**
 * Queue names, job names and default job options. One queue per kind of work so each gets its own
 * concurrency: provider calls are slow and parallel, Shopify writes are paced per shop, webhooks
 * must be drained fast. Keys live under the hash-tagged REDIS_PREFIX (Redis Cluster safe).
 */
import { Queue, type ConnectionOptions, type JobsOptions } from "bullmq";

export const QUEUE = {
  /** analyse → generate → validate for one generation. */
  generation: "generation",
  /** Fallback polling of provider jobs whose webhook has not arrived. */
  providerPoll: "provider-poll",
  /** Write-back to Shopify (paced by the shop's GraphQL cost bucket). */
  publish: "publish",
  /** Work behind Shopify webhooks (products/create, app/uninstalled, compliance). */
  shopifyWebhooks: "shopify-webhooks",
  /** Posting generated videos to TikTok/YouTube (uploads and status checks). */
  social: "social",
  /** Sweepers: expired reservations, stale webhook events, daily alerts. */
  maintenance: "maintenance",
} as const;

export type QueueName = (typeof QUEUE)[keyof typeof QUEUE];

export const defaultJobOptions: JobsOptions = {
  attempts: 5,
  backoff: { type: "exponential", delay: 2_000, jitter: 0.5 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

export type Queues = Record<QueueName, Queue>;

export function createQueues(connection: ConnectionOptions, prefix: string): Queues {
  const entries = Object.values(QUEUE).map((name) => [
    name,
    new Queue(name, { connection, prefix, defaultJobOptions }),
  ]);
  return Object.fromEntries(entries) as Queues;
}

export async function closeQueues(queues: Queues): Promise<void> {
  await Promise.all(Object.values(queues).map((q) => q.close()));
}

/**
 * Deterministic job id from domain ids: adding the same work twice returns the existing job.
 * BullMQ refuses ':' in custom ids, so parts are joined with '.'.
 */
export function jobId(...parts: Array<string | number>): string {
  return parts.map((p) => String(p).replaceAll(":", "_")).join(".");
}
