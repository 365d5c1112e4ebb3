import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Queue } from "bullmq";
import { deletePrefix, testPrefix, TEST_REDIS_URL } from "../support/harness";

const tsx = path.resolve("node_modules/.bin/tsx");

function startWorker(prefix: string, env: Record<string, string> = {}) {
  const child = spawn(tsx, ["tests/support/slow-worker.ts"], {
    env: { ...process.env, TEST_PREFIX: prefix, TEST_REDIS_URL, ...env },
  }) as ChildProcessWithoutNullStreams;
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  const waitFor = async (text: string, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!out.includes(text)) {
      if (Date.now() > deadline) throw new Error(`worker never printed "${text}"; output: ${out}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, waitFor, exited };
}

describe("worker shutdown", () => {
  const prefix = testPrefix();
  const queue = new Queue("generation", { connection: { url: TEST_REDIS_URL }, prefix });
  afterAll(async () => {
    await queue.close();
    await deletePrefix(prefix);
  });

  it("SIGTERM mid-job puts the job back for another worker without losing it or spending an attempt", async () => {
    const first = startWorker(prefix, { JOB_MS: "60000", GRACE_MS: "300" });
    await queue.add("slow", {}, { jobId: "gen.shutdown.1", attempts: 3 });
    await first.waitFor("started gen.shutdown.1");

    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);

    const job = await queue.getJob("gen.shutdown.1");
    expect(["delayed", "waiting", "wait"]).toContain(await job!.getState());
    expect(job!.attemptsMade).toBe(0);

    // A second worker finishes it.
    const second = startWorker(prefix, { JOB_MS: "50" });
    await second.waitFor("started gen.shutdown.1");
    const deadline = Date.now() + 20_000;
    while ((await job!.getState()) !== "completed" && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const done = await queue.getJob("gen.shutdown.1");
    expect(await done!.getState()).toBe("completed");
    expect(done!.returnvalue).toBe("done");
    second.child.kill("SIGTERM");
    await second.exited;
  });
});
