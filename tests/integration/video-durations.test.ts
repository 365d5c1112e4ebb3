/**
 * Duration fitting end to end: a merchant asks for a 10-second video; Sora 2 only makes 4, 8 or
 * 12 s clips (and its API refuses anything else), so it is sent seconds "8" and the fitted length
 * is recorded on the attempt. When Sora fails, the next model in the chain (Kling on Replicate,
 * which makes 5 or 10 s) is sent its own nearest length, 10, as the integer its API takes.
 * What each provider received is read back from the simulators' own job resources.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseAttempts } from "../../app/engine/attempts";
import { requestProductVideos } from "../../app/video/request.server";
import { startVideoHarness, type VideoHarness } from "./video-harness";

let h: VideoHarness;
beforeAll(async () => {
  h = await startVideoHarness({ domain: "video-durations.myshopify.com", products: 6 });
});
afterAll(() => h?.close());
afterEach(() => h.resetFaults());

async function simJob(url: string): Promise<Record<string, unknown>> {
  const response = await fetch(url, { headers: { authorization: "Bearer test" } });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

describe("a 10 s video request is fitted to each model", () => {
  it("Sora 2 is sent seconds \"8\" (nearest of 4/8/12, shorter on a tie) and the attempt records 8", async () => {
    const { generations } = await requestProductVideos(h.ctx, h.admin, {
      shopDomain: h.domain,
      productIds: [h.productIds[0]],
      motion: "push_in",
      durationSeconds: 10,
      aspectRatio: "16:9",
      modelId: "sora-2",
    });
    const done = await h.waitFor(generations[0].id);
    expect(done.errorMessage).toBeNull();
    expect(done.status).toBe("ready_for_review");
    // What the merchant asked for stays on the generation; what the model was sent is on the attempt.
    expect(done.options).toMatchObject({ durationSeconds: 10 });
    const [attempt] = parseAttempts(done.attempts);
    expect(attempt).toMatchObject({ modelId: "sora-2", outcome: "succeeded", durationSeconds: 8 });
    const video = await simJob(`${h.providerUrls.openai}/v1/videos/${attempt.providerJobId}`);
    expect(video).toMatchObject({ object: "video", model: "sora-2", seconds: "8" });
  });

  it("Sora's API refuses a length it does not make, with its own error", async () => {
    const form = new FormData();
    form.set("model", "sora-2");
    form.set("prompt", "a mug on a table");
    form.set("seconds", "10");
    const response = await fetch(`${h.providerUrls.openai}/v1/videos`, { method: "POST", body: form, headers: { authorization: "Bearer test" } });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { type: "invalid_request_error", param: "seconds", code: "invalid_value" } });
  });

  it("when Sora fails, the fallback gets its own nearest length in its own spelling", async () => {
    await h.faults("openai", { models: { "sora-2": { faults: { job_failure: 1 } } } });
    const { generations } = await requestProductVideos(h.ctx, h.admin, {
      shopDomain: h.domain,
      productIds: [h.productIds[1]],
      motion: "slow_orbit",
      durationSeconds: 10,
      aspectRatio: "9:16",
      modelId: "sora-2",
    });
    const done = await h.waitFor(generations[0].id);
    const tried = parseAttempts(done.attempts).filter((a) => a.outcome !== "skipped");
    expect(tried.slice(0, 2).map((a) => [a.modelId, a.durationSeconds])).toEqual([
      ["sora-2", 8],
      ["kling-1.6-standard", 10],
    ]);
    expect(tried[0].outcome).toBe("failed");
    const prediction = await simJob(`${h.providerUrls.replicate}/v1/predictions/${tried[1].providerJobId}`);
    expect((prediction.input as Record<string, unknown>).duration).toBe(10);
  });
});
