import { createHmac } from "node:crypto";
import Replicate from "replicate";
import sharp from "sharp";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { renderProductImage } from "../shared/product-image";
import { resetFaults, setFaults } from "../faults/control";
import { startWebhookReceiver, type WebhookReceiver } from "../faults/receiver";
import { startReplicateSim, type ReplicateSim } from "./server";

let sim: ReplicateSim;
let receiver: WebhookReceiver;
let replicate: Replicate;
let productUrl: string;

const FAST = { latency: { medianMs: 60, sigma: 0, coldStartMs: 0, queueMs: 10 } };

beforeAll(async () => {
  sim = await startReplicateSim({ seed: 42, faults: { defaults: FAST } });
  receiver = await startWebhookReceiver();
  replicate = new Replicate({ auth: "r8_test", baseUrl: `${sim.url}/v1`, useFileOutput: false });
  const product = await renderProductImage({ seed: 3, width: 256, height: 256, angle: 0, kind: "mug" });
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

async function waitDone(id: string) {
  for (;;) {
    const prediction = await replicate.predictions.get(id);
    if (["succeeded", "failed", "canceled"].includes(prediction.status)) return prediction;
    await new Promise((r) => setTimeout(r, 30));
  }
}

async function download(url: string) {
  const response = await fetch(url);
  return { contentType: response.headers.get("content-type"), bytes: Buffer.from(await response.arrayBuffer()) };
}

describe("Replicate simulator through the replicate SDK", () => {
  it("runs a pinned version with Prefer: wait and serves a real image with the background swapped", async () => {
    const prediction = await replicate.predictions.create({
      version: "bria-ai/bria-background-replace:0123abcd",
      input: { prompt: "on a marble table", image: productUrl },
      wait: 5,
    });
    expect(prediction.status).toBe("succeeded");
    expect(prediction.metrics?.predict_time).toBeGreaterThan(0);
    const { contentType, bytes } = await download(prediction.output as string);
    expect(contentType).toBe("image/png");
    const out = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
    const input = await sharp(Buffer.from(productUrl.split(",")[1], "base64")).raw().toBuffer({ resolveWithObject: true });
    expect(out.info.width).toBe(256);
    // Corner (background) changed, centre (product) kept.
    const px = (b: typeof out, x: number, y: number) => [...b.data.subarray((y * b.info.width + x) * b.info.channels, (y * b.info.width + x) * b.info.channels + 3)];
    expect(px(out, 2, 2)).not.toEqual(px(input, 2, 2));
    expect(px(out, 128, 128)).toEqual(px(input, 128, 128));
  });

  it("goes starting → processing → succeeded via the model endpoint when polled", async () => {
    const created = await replicate.predictions.create({ model: "black-forest-labs/flux-2-pro", input: { prompt: "a watch" } });
    expect(created.status).toBe("starting");
    const done = await waitDone(created.id);
    expect(done.status).toBe("succeeded");
    expect(done.completed_at).toBeTruthy();
  });

  it("signs webhooks with the secret from /v1/webhooks/default/secret and honours the events filter", async () => {
    const { key } = await replicate.webhooks.default.secret.get();
    expect(key).toBe(sim.webhookSecret);
    const prediction = await replicate.predictions.create({
      model: "black-forest-labs/flux-2-pro",
      input: { prompt: "a bag" },
      webhook: `${receiver.url}/hook`,
      webhook_events_filter: ["completed"],
    });
    const [delivery] = await receiver.waitFor(1);
    await new Promise((r) => setTimeout(r, 150));
    expect(receiver.deliveries).toHaveLength(1); // no "start" event: filtered out
    const id = delivery.headers.get("webhook-id");
    const timestamp = delivery.headers.get("webhook-timestamp");
    const expected = createHmac("sha256", Buffer.from(key.slice("whsec_".length), "base64"))
      .update(`${id}.${timestamp}.${delivery.body}`)
      .digest("base64");
    expect(delivery.headers.get("webhook-signature")).toBe(`v1,${expected}`);
    expect(JSON.parse(delivery.body)).toMatchObject({ id: prediction.id, status: "succeeded" });
  });

  it("answers 429 with Retry-After past the model's concurrency limit", async () => {
    await setFaults(sim.url, { models: { "acme/slow": { maxConcurrency: 1, retryAfterSeconds: 2, latency: { medianMs: 2_000 } } } });
    await replicate.predictions.create({ model: "acme/slow", input: { prompt: "x" } });
    const error = await replicate.predictions.create({ model: "acme/slow", input: { prompt: "y" } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "ApiError" });
    const response = (error as { response: Response }).response;
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("2");
  });

  it("makes every fault type observable", async () => {
    const run = async (model: string, faults: Record<string, number>) => {
      await setFaults(sim.url, { models: { [model]: { faults } } });
      return replicate.predictions.create({ model: model as `${string}/${string}`, input: { prompt: "a shoe", image: productUrl }, wait: 5 });
    };
    const serverError = await run("f/server", { server_error: 1 }).catch((e: { response: Response }) => e.response.status);
    expect(serverError).toBe(500);

    const refused = await run("f/policy", { content_policy: 1 });
    expect(refused.status).toBe("failed");
    expect(refused.error).toMatch(/NSFW/);

    const failed = await run("f/crash", { job_failure: 1 });
    expect(failed.status).toBe("failed");

    const blank = await download((await run("f/blank", { blank_image: 1 })).output as string);
    const stats = await sharp(blank.bytes).stats();
    expect(stats.channels.every((c) => c.stdev === 0)).toBe(true);

    const uniform = await download((await run("f/uniform", { uniform_image: 1 })).output as string);
    const uniformStats = await sharp(uniform.bytes).stats();
    expect(uniformStats.channels.every((c) => c.stdev === 0)).toBe(true);
    expect(uniformStats.channels[0].mean).not.toBe(stats.channels[0].mean); // grey, not the blank white

    const truncated = await download((await run("f/trunc", { truncated_file: 1 })).output as string);
    await expect(sharp(truncated.bytes).raw().toBuffer()).rejects.toThrow();

    const corrupt = await download((await run("f/corrupt", { corrupt_file: 1 })).output as string);
    await expect(sharp(corrupt.bytes).raw().toBuffer()).rejects.toThrow();

    const mislabelled = await download((await run("f/type", { wrong_content_type: 1 })).output as string);
    expect(mislabelled.contentType).toMatch(/text\/html/);

    const altered = await download((await run("f/alter", { altered_product: 1 })).output as string);
    const centre = await sharp(altered.bytes).extract({ left: 128, top: 128, width: 1, height: 1 }).raw().toBuffer();
    const original = await sharp(Buffer.from(productUrl.split(",")[1], "base64")).extract({ left: 128, top: 128, width: 1, height: 1 }).raw().toBuffer();
    expect([...centre.subarray(0, 3)]).not.toEqual([...original.subarray(0, 3)]);

    await setFaults(sim.url, { models: { "f/hang": { faults: { hang: 1 } } } });
    const hung = await replicate.predictions
      .create({ model: "f/hang", input: { prompt: "x" }, signal: AbortSignal.timeout(300) })
      .catch((e: Error) => e.name);
    expect(hung).toMatch(/AbortError|TimeoutError/);
  });

  it("loses or duplicates webhooks on demand", async () => {
    await setFaults(sim.url, { models: { "w/lost": { faults: { lost_webhook: 1 } }, "w/dup": { faults: { duplicate_webhook: 1 } } } });
    await replicate.predictions.create({ model: "w/lost", input: { prompt: "x" }, webhook: receiver.url, webhook_events_filter: ["completed"], wait: 5 });
    await replicate.predictions.create({ model: "w/dup", input: { prompt: "x" }, webhook: receiver.url, webhook_events_filter: ["completed"], wait: 5 });
    const deliveries = await receiver.waitFor(2);
    await new Promise((r) => setTimeout(r, 200));
    expect(receiver.deliveries).toHaveLength(2);
    expect(deliveries[0].headers.get("webhook-id")).toBe(deliveries[1].headers.get("webhook-id"));
    expect(JSON.parse(deliveries[0].body).model).toBe("w/dup");
  });

  it("cancels a running prediction", async () => {
    await setFaults(sim.url, { models: { "c/long": { faults: { job_hang: 1 } } } });
    const created = await replicate.predictions.create({ model: "c/long", input: { prompt: "x" } });
    const cancelled = await replicate.predictions.cancel(created.id);
    expect(cancelled.status).toBe("canceled");
  });
});
