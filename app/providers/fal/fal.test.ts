import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { resetFaults, setFaults } from "../../../sim/faults/control";
import { startWebhookReceiver, type WebhookReceiver } from "../../../sim/faults/receiver";
import { startFalSim, type FalSim } from "../../../sim/fal/server";
import type { Provider, ProviderError, ProviderJob } from "../types";
import { createFalProvider } from "./client";

let sim: FalSim;
let receiver: WebhookReceiver;
let provider: Provider;

const RETRY = { attempts: 3, baseDelayMs: 20, maxDelayMs: 100, timeoutMs: 2_000 };

beforeAll(async () => {
  sim = await startFalSim({ seed: 11, apiKey: "fal-glint", faults: { defaults: { latency: { medianMs: 80, sigma: 0, coldStartMs: 0, queueMs: 10 } } } });
  receiver = await startWebhookReceiver();
  provider = createFalProvider({ apiKey: "fal-glint", baseUrl: sim.url, jwksUrl: sim.jwksUrl, retry: RETRY });
});
afterAll(async () => {
  await sim.close();
  await receiver.close();
});
afterEach(async () => {
  await resetFaults(sim.url);
  receiver.deliveries.length = 0;
});

const request = (modelRef: string, webhookUrl?: string) => ({
  modelId: "test-model",
  modelRef,
  input: { prompt: "studio shot of a ceramic mug" },
  idempotencyKey: "gen_2.attempt_1",
  webhookUrl,
});

async function pollUntilDone(job: ProviderJob, modelRef: string): Promise<ProviderJob> {
  let current = job;
  while (current.state === "queued" || current.state === "running") {
    await new Promise((r) => setTimeout(r, 30));
    current = await provider.get(current.jobId, modelRef);
  }
  return current;
}

describe("fal adapter against the simulator", () => {
  it("completes by polling the queue, with image URLs and inference time", async () => {
    const modelRef = "fal-ai/flux-pro/kontext";
    const done = await pollUntilDone(await provider.start(request(modelRef)), modelRef);
    expect(done).toMatchObject({ provider: "fal", state: "succeeded", flags: { nsfw: false } });
    expect(done.outputUrls).toHaveLength(1);
    expect((await fetch(done.outputUrls![0])).headers.get("content-type")).toBe("image/png");
    expect(done.metrics?.predictTimeMs).toBeGreaterThanOrEqual(80);
  });

  it("completes via an Ed25519-verified webhook; replayed, forged and stale deliveries are refused", async () => {
    const started = await provider.start(request("fal-ai/flux/dev", `${receiver.url}/webhooks/fal`));
    const [delivery] = await receiver.waitFor(1);
    const verified = await provider.verifyWebhook({ headers: delivery.headers, body: delivery.body });
    expect(verified).toMatchObject({ deliveryId: started.jobId, job: { jobId: started.jobId, state: "succeeded" } });
    expect(verified.job.outputUrls).toHaveLength(1);

    await expect(provider.verifyWebhook({ headers: delivery.headers, body: delivery.body })).rejects.toMatchObject({ code: "webhook_invalid", message: expect.stringMatching(/replayed/) });
    await expect(provider.verifyWebhook({ headers: delivery.headers, body: delivery.body.replace('"OK"', '"ERROR"') })).rejects.toMatchObject({ code: "webhook_invalid", message: expect.stringMatching(/signature/) });
    const staleHeaders = new Headers(sim.signWebhook(started.jobId, delivery.body, Math.floor(Date.now() / 1000) - 400));
    await expect(provider.verifyWebhook({ headers: staleHeaders, body: delivery.body })).rejects.toMatchObject({ code: "webhook_invalid", message: expect.stringMatching(/timestamp/) });
    const skewed = new Headers(sim.signWebhook(started.jobId, delivery.body, Math.floor(Date.now() / 1000) + 200));
    await expect(provider.verifyWebhook({ headers: skewed, body: delivery.body })).resolves.toMatchObject({ deliveryId: started.jobId });
  });

  it("refuses a webhook signed by a key outside the JWKS", async () => {
    const other = await startFalSim({ seed: 1 });
    try {
      const body = JSON.stringify({ request_id: "r1", status: "OK", payload: { images: [] } });
      const headers = new Headers(other.signWebhook("r1", body));
      await expect(provider.verifyWebhook({ headers, body })).rejects.toMatchObject({ code: "webhook_invalid" });
    } finally {
      await other.close();
    }
  });

  it("waits out Retry-After on 429, then submits", async () => {
    await setFaults(sim.url, { models: { "acme/busy": { retryAfterSeconds: 1, faults: { rate_limit: { rate: 1, times: 1 } } } } });
    const before = Date.now();
    const job = await provider.start(request("acme/busy"));
    expect(Date.now() - before).toBeGreaterThanOrEqual(950);
    expect(job.state).toBe("queued");
  });

  it("retries a 5xx on status and succeeds", async () => {
    const job = await provider.start(request("acme/flaky"));
    await setFaults(sim.url, { models: { "acme/flaky": { faults: { server_error: { rate: 1, times: 2 } } } } });
    expect((await pollUntilDone(job, "acme/flaky")).state).toBe("succeeded");
  });

  it("turns a hang into timeout", async () => {
    const hanging = createFalProvider({ apiKey: "fal-glint", baseUrl: sim.url, jwksUrl: sim.jwksUrl, retry: { ...RETRY, attempts: 2, timeoutMs: 200 } });
    await setFaults(sim.url, { models: { "acme/hangs": { faults: { hang: 1 } } } });
    await expect(hanging.start(request("acme/hangs"))).rejects.toMatchObject({ code: "timeout", isRetryable: true, shouldFallback: true });
  });

  it("reports a content checker refusal as content_policy, by polling and by webhook", async () => {
    await setFaults(sim.url, { models: { "acme/strict": { faults: { content_policy: 1 } } } });
    const polled = await pollUntilDone(await provider.start(request("acme/strict")), "acme/strict");
    expect(polled.error).toMatchObject({ code: "content_policy", isRetryable: false, shouldFallback: false });
    await provider.start(request("acme/strict", receiver.url));
    const [delivery] = await receiver.waitFor(1);
    const verified = await provider.verifyWebhook({ headers: delivery.headers, body: delivery.body });
    expect(verified.job).toMatchObject({ state: "failed", error: { code: "content_policy" } });
  });

  it("maps a validation error to invalid_input and cancels a running request", async () => {
    const error = await provider.start({ ...request("acme/any"), input: { steps: 4 } }).catch((e: ProviderError) => e);
    expect(error).toMatchObject({ code: "invalid_input", details: { status: 422 } });
    await setFaults(sim.url, { models: { "acme/forever": { faults: { job_hang: 1 } } } });
    const job = await provider.start(request("acme/forever"));
    await new Promise((r) => setTimeout(r, 40));
    await provider.cancel(job.jobId, "acme/forever");
    expect((await provider.get(job.jobId, "acme/forever")).state).toBe("cancelled");
    await provider.cancel(job.jobId, "acme/forever"); // already done: not an error
  });
});
