/**
 * A validate job replayed after it committed ready_for_review but before it handed the generation
 * to publish (the worker SIGKILLed, or Redis restarting, in between: found by the chaos run) hands
 * it over again, instead of leaving an auto-publish generation in ready_for_review for good.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { validateAttempt } from "../../app/engine/validate.server";
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
