import sharp from "sharp";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { resetFaults, setFaults } from "../../../sim/faults/control";
import { startWebhookReceiver, type WebhookReceiver } from "../../../sim/faults/receiver";
import { signStandardWebhook } from "../../../sim/faults/standard-webhook";
import { startOpenAISim, type OpenAISim } from "../../../sim/openai/server";
import { renderProductImage } from "../../../sim/shared/product-image";
import type { Provider, ProviderError, ProviderJob } from "../types";
import { createOpenAIProvider } from "./client";

let sim: OpenAISim;
let receiver: WebhookReceiver;
let provider: Provider;
let productUrl: string;
const SECRET = `whsec_${Buffer.from("glint-openai-webhook-secret-32by").toString("base64")}`;
const RETRY = { attempts: 3, baseDelayMs: 20, maxDelayMs: 100, timeoutMs: 3_000 };

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  sim = await startOpenAISim({
    seed: 21,
    apiKey: "sk-glint",
    webhook: { url: receiver.url, secret: SECRET },
    faults: { defaults: { latency: { medianMs: 60, sigma: 0, coldStartMs: 0, queueMs: 5 } } },
  });
  provider = createOpenAIProvider({ apiKey: "sk-glint", baseUrl: `${sim.url}/v1`, webhookSecret: SECRET, retry: RETRY, imageTimeoutMs: 5_000 });
  const product = await renderProductImage({ seed: 12, width: 256, height: 256, angle: 0, kind: "shoe" });
  productUrl = `data:image/png;base64,${product.toString("base64")}`;
});
afterAll(async () => {
  await sim.close();
  await receiver.close();
});
afterEach(async () => {
  await resetFaults(sim.url);
  receiver.deliveries.length = 0;
});

const request = (modelRef: string, input: Record<string, unknown> = { prompt: "the shoe on a forest floor" }) => ({
  modelId: "test-model",
  modelRef,
  input,
  idempotencyKey: "gen_3.attempt_1",
});

const decode = (dataUrl: string) => Buffer.from(dataUrl.split(",")[1], "base64");

async function pollUntilDone(job: ProviderJob): Promise<ProviderJob> {
  let current = job;
  while (current.state === "queued" || current.state === "running") {
    await new Promise((r) => setTimeout(r, 40));
    current = await provider.get(current.jobId, "sora-2");
  }
  return current;
}

describe("OpenAI adapter against the simulator", () => {
  it("returns generated and edited images inline as data: URLs of real PNGs", async () => {
    const generated = await provider.start(request("gpt-image-1", { prompt: "a lamp", size: "1024x1024" }));
    expect(generated).toMatchObject({ provider: "openai", state: "succeeded" });
    expect(generated.outputUrls![0]).toMatch(/^data:image\/png;base64,/);
    expect((await sharp(decode(generated.outputUrls![0])).metadata()).width).toBe(1024);

    const edited = await provider.start(request("gpt-image-1", { prompt: "on a forest floor", image_url: productUrl }));
    expect((await sharp(decode(edited.outputUrls![0])).metadata()).width).toBe(256);
    await expect(provider.get(edited.jobId, "gpt-image-1")).rejects.toMatchObject({ code: "invalid_input" });
  });

  it("runs a Sora job to a real MP4 by polling", async () => {
    const started = await provider.start(request("sora-2", { prompt: "turntable", seconds: "4", image_url: productUrl }));
    expect(started.jobId).toMatch(/^video_/);
    const done = await pollUntilDone(started);
    expect(done.state).toBe("succeeded");
    expect(decode(done.outputUrls![0]).subarray(4, 8).toString("latin1")).toBe("ftyp");
  });

  it("completes a Sora job via a verified webhook; replayed, forged and stale ones are refused", async () => {
    const started = await provider.start(request("sora-2", { prompt: "turntable" }));
    const [delivery] = await receiver.waitFor(1, 10_000);
    const verified = await provider.verifyWebhook({ headers: delivery.headers, body: delivery.body });
    expect(verified.job).toMatchObject({ jobId: started.jobId, state: "succeeded" });
    await expect(provider.verifyWebhook({ headers: delivery.headers, body: delivery.body })).rejects.toMatchObject({ code: "webhook_invalid" });
    await expect(provider.verifyWebhook({ headers: delivery.headers, body: delivery.body.replace("completed", "failed") })).rejects.toMatchObject({ code: "webhook_invalid" });
    const stale = new Headers(signStandardWebhook(SECRET, "evt_old", delivery.body, Math.floor(Date.now() / 1000) - 600));
    await expect(provider.verifyWebhook({ headers: stale, body: delivery.body })).rejects.toMatchObject({ code: "webhook_invalid" });
  }, 15_000);

  it("waits out Retry-After on 429, and retries a 5xx, then succeeds", async () => {
    await setFaults(sim.url, {
      models: {
        "gpt-image-busy": { retryAfterSeconds: 1, faults: { rate_limit: { rate: 1, times: 1 } } },
        "gpt-image-flaky": { faults: { server_error: { rate: 1, times: 1 } } },
      },
    });
    const before = Date.now();
    expect((await provider.start(request("gpt-image-busy"))).state).toBe("succeeded");
    expect(Date.now() - before).toBeGreaterThanOrEqual(950);
    expect((await provider.start(request("gpt-image-flaky"))).state).toBe("succeeded");
  });

  it("turns a hang into timeout", async () => {
    const impatient = createOpenAIProvider({ apiKey: "sk-glint", baseUrl: `${sim.url}/v1`, retry: RETRY, imageTimeoutMs: 300 });
    await setFaults(sim.url, { models: { "gpt-image-stuck": { faults: { hang: 1 } } } });
    await expect(impatient.start(request("gpt-image-stuck"))).rejects.toMatchObject({ code: "timeout", shouldFallback: true });
  });

  it("maps safety refusals to content_policy for images and videos", async () => {
    await setFaults(sim.url, { models: { "gpt-image-strict": { faults: { content_policy: 1 } }, "sora-2-pro": { faults: { content_policy: 1 } } } });
    const image = await provider.start(request("gpt-image-strict")).catch((e: ProviderError) => e);
    expect(image).toMatchObject({ code: "content_policy", isRetryable: false, shouldFallback: false, details: { status: 400 } });
    const video = await pollUntilDone(await provider.start(request("sora-2-pro")));
    expect(video).toMatchObject({ state: "failed", error: { code: "content_policy" } });
  });

  it("rejects a bad key as provider_unavailable (another provider may serve)", async () => {
    const stranger = createOpenAIProvider({ apiKey: "sk-wrong", baseUrl: `${sim.url}/v1`, retry: { ...RETRY, attempts: 1 } });
    await expect(stranger.start(request("gpt-image-1"))).rejects.toMatchObject({ code: "provider_unavailable", details: { status: 401 } });
  });
});
