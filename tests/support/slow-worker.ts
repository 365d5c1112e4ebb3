/**
 * A worker process for the shutdown test: the real WorkerRuntime with one slow handler that
 * honours its abort signal like every real handler must. Prints "started <jobId>" when it begins.
 */
import { WorkerRuntime } from "../../app/jobs/runtime.server";
import { createLogger } from "../../app/logger.server";

const prefix = process.env.TEST_PREFIX!;
const runtime = new WorkerRuntime(
  {
    generation: {
      slow: async (job, { signal }) => {
        process.stdout.write(`started ${job.id}\n`);
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(resolve, Number(process.env.JOB_MS ?? 60_000));
          signal.addEventListener("abort", () => {
            clearTimeout(timer);
            reject(new Error("aborted"));
          });
        });
        return "done";
      },
    },
  },
  { connection: { url: process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379" }, prefix, log: createLogger("silent") },
).start();

process.on("SIGTERM", async () => {
  await runtime.stop(Number(process.env.GRACE_MS ?? 300));
  process.stdout.write("stopped\n");
  process.exit(0);
});
