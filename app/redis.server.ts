import { Redis } from "ioredis";

/**
 * One connection factory. BullMQ workers need maxRetriesPerRequest null (blocking commands);
 * producers and plain key use fail fast instead so a request never hangs on a dead Redis.
 */
export function createRedis(url: string, options: { forWorker?: boolean; name?: string } = {}): Redis {
  return new Redis(url, {
    connectionName: options.name,
    maxRetriesPerRequest: options.forWorker ? null : 3,
    enableOfflineQueue: true,
    connectTimeout: 5_000,
    lazyConnect: false,
  });
}
