import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { resetFaults, setFaults } from "../../../sim/faults/control";
import { startWebhookReceiver, type WebhookReceiver } from "../../../sim/faults/receiver";
import { startReplicateSim, type ReplicateSim } from "../../../sim/replicate/server";
import { signStandardWebhook } from "../../../sim/faults/standard-webhook";
import type { Provider, ProviderError, ProviderJob } from "../types";
import { createReplicateProvider } from "./client";

let sim: ReplicateSim;
let receiver: WebhookReceiver;
let provider: Provider;

const FAST = { latency: { medianMs: 80, sigma: 0, coldStartMs: 0, queueMs: 10 } };
const RETRY = { attempts: 3, baseDelayMs: 20, maxDelayMs: 100, timeoutMs: 2_000 };

beforeAll(async () => {
  sim = await startReplicateSim({ seed: 5, apiToken: "r8_glint", faults: { defaults: FAST } });
  receiver = await startWebhookReceiver();
  provider = createReplicateProvider({ apiToken: "r8_glint", baseUrl: `${sim.url}/v1`, retry: RETRY });
});
afterAll(async () => {
  await sim.close();
  await receiver.close();
});
afterEach(async () => {
  await resetFaults(sim.url);
  receiver.deliveries.length = 0;
});

const request = (modelRef: string, extra: Partial<Parameters<Provider["start"]>[0]> = {}) => ({
  modelId: "test-model",
  modelRef,
  input: { prompt: "studio shot of a leather bag" },
  idempotencyKey: "gen_1.attempt_1",
  ...extra,
});

async function pollUntilDone(job: ProviderJob, modelRef: string): Promise<ProviderJob> {
  let current = job;
  while (current.state === "queued" || current.state === "running") {
    await new Promise((r) => setTimeout(r, 30));
    current = await provider.get(current.jobId, modelRef);
  }
  return current;
}

describe("Replicate adapter against the simulator", () => {
  it("completes a pinned version by polling, with outputs and provider timings", async () => {
    const started = await provider.start(request("black-forest-labs/flux-2-pro:5a1b2c3d"));
    expect(started).toMatchObject({ provider: "replicate", state: "queued" });
    const done = await pollUntilDone(started, "black-forest-labs/flux-2-pro:5a1b2c3d");
    expect(done.state).toBe("succeeded");
    expect(done.outputUrls).toHaveLength(1);
    expect((await fetch(done.outputUrls![0])).headers.get("content-type")).toBe("image/png");
    expect(done.metrics?.predictTimeMs).toBeGreaterThanOrEqual(80);
  });

  it("completes via a verified webhook; a replayed, forged or stale delivery is refused", async () => {
    const started = await provider.start(request("black-forest-labs/flux-2-pro", { webhookUrl: `${receiver.url}/webhooks/replicate` }));
    const [delivery] = await receiver.waitFor(1);
    const verified = await provider.verifyWebhook({ headers: delivery.headers, body: delivery.body });
    expect(verified.deliveryId).toBe(delivery.headers.get("webhook-id"));
    expect(verified.job).toMatchObject({ jobId: started.jobId, state: "succeeded" });
    expect(verified.job.outputUrls?.[0]).toMatch(/^http:\/\/127\.0\.0\.1/);

    const replay = await provider.verifyWebhook({ headers: delivery.headers, body: delivery.body }).catch((e: ProviderError) => e);
    expect(replay).toMatchObject({ code: "webhook_invalid", message: expect.stringMatching(/replayed/) });

    const forgedBody = delivery.body.replace('"succeeded"', '"failed"');
    const forged = await provider.verifyWebhook({ headers: delivery.headers, body: forgedBody }).catch((e: ProviderError) => e);
    expect(forged).toMatchObject({ code: "webhook_invalid", message: expect.stringMatching(/signature/) });

    const tenMinutesAgo = Math.floor(Date.now() / 1000) - 600;
    const stale = new Headers(signStandardWebhook(sim.webhookSecret, "msg_stale", delivery.body, tenMinutesAgo));
    const staleResult = await provider.verifyWebhook({ headers: stale, body: delivery.body }).catch((e: ProviderError) => e);
    expect(staleResult).toMatchObject({ code: "webhook_invalid", message: expect.stringMatching(/timestamp/) });
  });

  it("waits out Retry-After when the model's concurrency is full, then starts", async () => {
    await setFaults(sim.url, { models: { "acme/busy": { maxConcurrency: 1, retryAfterSeconds: 1, latency: { medianMs: 600 } } } });
    await provider.start(request("acme/busy"));
    const before = Date.now();
    const second = await provider.start(request("acme/busy"));
    expect(Date.now() - before).toBeGreaterThanOrEqual(950);
    expect(second.state).toBe("queued");
  });

  it("gives up with rate_limited carrying the delay when the limit outlasts the attempts", async () => {
    await setFaults(sim.url, { models: { "acme/throttled": { retryAfterSeconds: 0, faults: { rate_limit: 1 } } } });
    const error = await provider.start(request("acme/throttled")).catch((e: ProviderError) => e);
    expect(error).toMatchObject({ code: "rate_limited", isRetryable: true, shouldFallback: true });
  });

  it("retries a 5xx and succeeds", async () => {
    await setFaults(sim.url, { models: { "acme/flaky": { faults: { server_error: { rate: 1, times: 1 } } } } });
    const job = await provider.start(request("acme/flaky"));
    expect(job.state).toBe("queued");
  });

  it("turns a hang into a timeout error after its attempts", async () => {
    const hanging = createReplicateProvider({ apiToken: "r8_glint", baseUrl: `${sim.url}/v1`, retry: { ...RETRY, timeoutMs: 250 } });
    const job = await hanging.start(request("acme/hangs-later"));
    await setFaults(sim.url, { models: { "acme/hangs-later": { faults: { hang: 1 } } } });
    const before = Date.now();
    const error = await hanging.get(job.jobId, "acme/hangs-later").catch((e: ProviderError) => e);
    expect(error).toMatchObject({ code: "timeout", isRetryable: true, shouldFallback: true });
    expect(Date.now() - before).toBeGreaterThanOrEqual(3 * 250);
  });

  it("reports a safety refusal as content_policy: no retry, no fallback", async () => {
    await setFaults(sim.url, { models: { "acme/strict": { faults: { content_policy: 1 } } } });
    const done = await pollUntilDone(await provider.start(request("acme/strict")), "acme/strict");
    expect(done.state).toBe("failed");
    expect(done.error).toMatchObject({ code: "content_policy", isRetryable: false, shouldFallback: false });
    expect(done.flags?.nsfw).toBe(true);
  });

  it("maps a rejected input to invalid_input without retrying", async () => {
    const error = await provider.start({ ...request("acme/any"), input: { steps: 4 } }).catch((e: ProviderError) => e);
    expect(error).toMatchObject({ code: "invalid_input", isRetryable: false, details: { status: 422 } });
  });

  it("cancels a job", async () => {
    await setFaults(sim.url, { models: { "acme/forever": { faults: { job_hang: 1 } } } });
    const job = await provider.start(request("acme/forever"));
    await provider.cancel(job.jobId, "acme/forever");
    expect((await provider.get(job.jobId, "acme/forever")).state).toBe("cancelled");
  });
});
