import { createHash, createPublicKey, verify } from "node:crypto";
import { createFalClient, type FalClient } from "@fal-ai/client";
import sharp from "sharp";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { routeFalHosts } from "../../app/providers/fal/client";
import { mapFalResponse } from "../../app/providers/fal/errors";
import { failFastFetch } from "../../app/providers/http";
import { renderProductImage } from "../shared/product-image";
import { resetFaults, setFaults } from "../faults/control";
import { startWebhookReceiver, type WebhookReceiver } from "../faults/receiver";
import { startFalSim, type FalSim } from "./server";

let sim: FalSim;
let receiver: WebhookReceiver;
let fal: FalClient;

beforeAll(async () => {
  sim = await startFalSim({ seed: 9, apiKey: "fal-key", faults: { defaults: { latency: { medianMs: 60, sigma: 0, coldStartMs: 0, queueMs: 10 } } } });
  receiver = await startWebhookReceiver();
  // The app's fetch: queue calls would otherwise retry 429/5xx for seconds with the SDK's fixed backoff.
  fal = createFalClient({ credentials: "fal-key", requestMiddleware: routeFalHosts(sim.url), fetch: failFastFetch("fal", mapFalResponse) });
});
afterAll(async () => {
  await sim.close();
  await receiver.close();
});
afterEach(async () => {
  await resetFaults(sim.url);
  receiver.deliveries.length = 0;
});

describe("fal simulator through @fal-ai/client", () => {
  it("uploads through fal storage, runs the queue to COMPLETED and returns real images", async () => {
    const product = await renderProductImage({ seed: 4, width: 200, height: 200, angle: 1, kind: "bottle" });
    const imageUrl = await fal.storage.upload(new Blob([new Uint8Array(product)], { type: "image/png" }));
    expect(imageUrl.startsWith(sim.url)).toBe(true);
    const result = await fal.subscribe("fal-ai/flux-pro/kontext", { input: { prompt: "on a beach", image_url: imageUrl }, pollInterval: 30 });
    const image = (result.data as { images: Array<{ url: string; content_type: string }> }).images[0];
    expect(image.content_type).toBe("image/png");
    const meta = await sharp(Buffer.from(await (await fetch(image.url)).arrayBuffer())).metadata();
    expect([meta.width, meta.height]).toEqual([200, 200]);
  });

  it("answers fal.run synchronously and renders video endpoints as real MP4s", async () => {
    const result = await fal.run("acme/turntable-video", { input: { prompt: "turntable", duration: 2 } });
    const video = (result.data as { video: { url: string; content_type: string } }).video;
    expect(video.content_type).toBe("video/mp4");
    const bytes = Buffer.from(await (await fetch(video.url)).arrayBuffer());
    expect(bytes.subarray(4, 8).toString("latin1")).toBe("ftyp");
  });

  it("signs webhooks with Ed25519 over id, user, timestamp and body hash, verifiable with the JWKS", async () => {
    const { request_id } = await fal.queue.submit("fal-ai/flux/dev", { input: { prompt: "a ring" }, webhookUrl: `${receiver.url}/fal` });
    const [delivery] = await receiver.waitFor(1);
    expect(receiver.deliveries[0].path).toBe("/fal");
    const { keys } = (await (await fetch(sim.jwksUrl)).json()) as { keys: Array<Record<string, string>> };
    const h = (name: string) => delivery.headers.get(name) ?? "";
    expect(h("x-fal-webhook-request-id")).toBe(request_id);
    const message = [h("x-fal-webhook-request-id"), h("x-fal-webhook-user-id"), h("x-fal-webhook-timestamp"), createHash("sha256").update(delivery.body).digest("hex")].join("\n");
    const key = createPublicKey({ key: keys[0], format: "jwk" });
    expect(verify(null, Buffer.from(message), key, Buffer.from(h("x-fal-webhook-signature"), "hex"))).toBe(true);
    expect(JSON.parse(delivery.body)).toMatchObject({ request_id, status: "OK" });
  });

  it("makes faults observable: 429 with Retry-After, 5xx, content policy, cancel", async () => {
    await setFaults(sim.url, {
      models: {
        "f/limited": { retryAfterSeconds: 4, faults: { rate_limit: 1 } },
        "f/down": { faults: { server_error: 1 } },
        "f/policy": { faults: { content_policy: 1 } },
        "f/forever": { faults: { job_hang: 1 } },
      },
    });
    const limited = await fal.queue.submit("f/limited", { input: { prompt: "x" } }).catch((e: unknown) => e);
    expect(limited).toMatchObject({ code: "rate_limited", details: { status: 429, retryAfterMs: 4_000 } });
    const down = await fal.queue.submit("f/down", { input: { prompt: "x" } }).catch((e: unknown) => e);
    expect(down).toMatchObject({ details: { status: 503 } });

    const refused = await fal.run("f/policy", { input: { prompt: "x" } }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: "content_policy", details: { status: 422 } });

    const { request_id } = await fal.queue.submit("f/forever", { input: { prompt: "x" } });
    await new Promise((r) => setTimeout(r, 50));
    expect((await fal.queue.status("f/forever", { requestId: request_id })).status).toBe("IN_PROGRESS");
    await fal.queue.cancel("f/forever", { requestId: request_id });
    const after = (await fal.queue.status("f/forever", { requestId: request_id })) as { status: string; error?: unknown };
    expect(after.status).toBe("COMPLETED");
  });

  it("rejects an unknown key", async () => {
    const stranger = createFalClient({ credentials: "wrong", requestMiddleware: routeFalHosts(sim.url), retry: { maxRetries: 0 } });
    await expect(stranger.run("fal-ai/flux/dev", { input: { prompt: "x" } })).rejects.toMatchObject({ status: 401 });
  });
});
