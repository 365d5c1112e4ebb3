/**
 * Hand-overs lost to a crash between a step's commit and its enqueue (the worker SIGKILLed, or
 * Redis restarting, in between: found by the chaos run) are made again when the step is replayed:
 * a validate job that committed ready_for_review re-enqueues publish, and a provider report that
 * committed "validating" re-enqueues validation. Nothing waits for the 10-minute recovery sweep.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { currentAttempt, parseAttempts, updateAttempt } from "../../app/engine/attempts";
import { completeAttempt } from "../../app/engine/completion.server";
import { validateAttempt } from "../../app/engine/validate.server";
import type { ValidateJobData } from "../../app/engine/jobs";
import { jobId } from "../../app/jobs/queues";
import { startEngineHarness, type EngineHarness } from "./engine-harness";
import { testRegistry } from "./engine-registry";

let h: EngineHarness;
beforeAll(async () => {
  h = await startEngineHarness({ registry: testRegistry() });
});
afterAll(() => h.close());

it("a replayed validate job re-enqueues the lost publish hand-over, once", async () => {
  const { generations } = await h.request({ productIds: ["gid://shopify/Product/301"], products: [h.product("mug", 301)], style: "studio", modelId: "flux-2-pro", autoPublish: true });
  const done = await h.waitFor(generations[0].id);
  expect(done.status).toBe("ready_for_review");
  const publish = h.ctx.queues.publish;
  const id = jobId("publish", done.id);
  expect(await publish.getJob(id)).toBeDefined();
  await publish.remove(id); // the hand-over that never reached Redis

  await validateAttempt(h.ctx, done.id, 1, { outputUrls: [] }, { signal: new AbortController().signal, finalTry: false });
  await validateAttempt(h.ctx, done.id, 1, { outputUrls: [] }, { signal: new AbortController().signal, finalTry: false });
  expect(await publish.getJob(id)).toBeDefined();
  expect(await publish.getJobCounts("waiting")).toEqual({ waiting: 1 });
  expect((await h.ctx.db.generation.findUniqueOrThrow({ where: { id: done.id } })).status).toBe("ready_for_review");
});

it("a replayed provider report re-enqueues the lost validation hand-over; a report from another job does not", async () => {
  const { generations } = await h.request({ productIds: ["gid://shopify/Product/302"], products: [h.product("mug", 302)], style: "studio", modelId: "flux-2-pro" });
  const done = await h.waitFor(generations[0].id);
  expect(done.status).toBe("ready_for_review");
  const attempt = currentAttempt(parseAttempts(done.attempts))!;
  const id = jobId("validate", done.id, attempt.n);
  const validate = await h.ctx.queues.generation.getJob(id);
  const { outputUrls } = validate!.data as ValidateJobData;
  // What a worker killed right after committing the completion leaves: validating, and no validate job.
  await validate!.remove();
  await h.ctx.db.generation.update({
    where: { id: done.id },
    data: { status: "validating", outputAssetId: null, attempts: updateAttempt(parseAttempts(done.attempts), attempt.n, { outcome: "validating" }) },
  });
  const report = (jobId: string) => ({ generationId: done.id, attempt: attempt.n, via: "webhook" as const, job: { provider: "replicate" as const, jobId, state: "succeeded" as const, outputUrls } });

  expect(await completeAttempt(h.ctx, report("someone-elses-job"))).toBe("duplicate");
  expect(await h.ctx.queues.generation.getJob(id)).toBeUndefined();

  expect(await completeAttempt(h.ctx, report(attempt.providerJobId!))).toBe("duplicate");
  expect(await completeAttempt(h.ctx, report(attempt.providerJobId!))).toBe("duplicate");
  const again = await h.waitFor(done.id);
  expect(again.status).toBe("ready_for_review");
  expect(again.outputAssetId).toBeTruthy();
  expect(parseAttempts(again.attempts).filter((a) => a.outcome !== "skipped")).toHaveLength(1);
});
