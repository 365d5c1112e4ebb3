import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { WorkerRuntime } from "../../app/jobs/runtime.server";
import { createLogger } from "../../app/logger.server";
import { deletePrefix, testPrefix, TEST_REDIS_URL } from "../support/harness";

const log = createLogger("silent");

describe("worker runtime", () => {
  const prefix = testPrefix();
  const connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue("generation", { connection, prefix });

  beforeAll(async () => {
    await queue.waitUntilReady();
  });
  afterAll(async () => {
    await queue.close();
    connection.disconnect();
    await deletePrefix(prefix);
  });

  it("shares one queue between two workers without running any job twice", async () => {
    const seen: string[] = [];
    const handler = async (job: { id?: string }) => {
      seen.push(job.id!);
      await new Promise((r) => setTimeout(r, 5));
    };
    const make = () =>
      new WorkerRuntime({ generation: { work: handler } }, { connection: { url: TEST_REDIS_URL }, prefix, log, defaultConcurrency: 5 }).start();
    const a = make();
    const b = make();
    await queue.addBulk(Array.from({ length: 200 }, (_, i) => ({ name: "work", data: {}, opts: { jobId: `j${i}` } })));
    const deadline = Date.now() + 30_000;
    while ((await queue.getCompletedCount()) < 200 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await Promise.all([a.stop(), b.stop()]);
    expect(await queue.getCompletedCount()).toBe(200);
    expect(seen).toHaveLength(200);
    expect(new Set(seen).size).toBe(200);
  });

  it("adding the same deterministic job id twice makes one job", async () => {
    const first = await queue.add("work", { n: 1 }, { jobId: "gen.shop1.product1.abc" });
    const second = await queue.add("work", { n: 2 }, { jobId: "gen.shop1.product1.abc" });
    expect(second.id).toBe(first.id);
    expect((await queue.getJob("gen.shop1.product1.abc"))?.data).toEqual({ n: 1 });
  });
});
