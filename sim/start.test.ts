import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "../app/env.server";
import { createProviders, providersConfigFromEnv } from "../app/providers/index";
import type { ProviderJob, ProviderName } from "../app/providers/types";
import { startSimulators, type Simulators } from "./start";

let sims: Simulators;

beforeAll(async () => {
  sims = await startSimulators({
    seed: 4,
    apiKey: "glint-test",
    apiSecret: "0123456789abcdef0123456789abcdef",
    appUrl: "http://127.0.0.1:9",
    faults: { defaults: { latency: { medianMs: 50, sigma: 0, coldStartMs: 0, queueMs: 5 } } },
  });
}, 30_000);
afterAll(() => sims?.close());

describe("startSimulators", () => {
  it("starts all seven on distinct free ports and exposes the fal JWKS", async () => {
    const ports = Object.values(sims.urls).map((url) => new URL(url).port);
    expect(new Set(ports).size).toBe(7);
    const jwks = (await (await fetch(sims.falJwksUrl)).json()) as { keys: unknown[] };
    expect(jwks.keys).toHaveLength(1);
  });

  it("gives the app an environment that validates and drives every provider adapter to a result", async () => {
    const env = parseEnv({ SHOPIFY_API_KEY: "glint-test", SHOPIFY_API_SECRET: "0123456789abcdef0123456789abcdef", ...sims.appEnv });
    const providers = createProviders(providersConfigFromEnv(env));
    const refs: Record<ProviderName, string> = { replicate: "black-forest-labs/flux-2-pro", fal: "fal-ai/flux-pro/kontext", openai: "gpt-image-1" };
    for (const [name, modelRef] of Object.entries(refs) as Array<[ProviderName, string]>) {
      let job: ProviderJob = await providers[name].start({ modelId: name, modelRef, input: { prompt: "a watch", size: "1024x1024" }, idempotencyKey: `k-${name}` });
      while (job.state === "queued" || job.state === "running") {
        await new Promise((r) => setTimeout(r, 30));
        job = await providers[name].get(job.jobId, modelRef);
      }
      expect(job, name).toMatchObject({ state: "succeeded", outputUrls: [expect.any(String)] });
    }
    expect(env.SAFE_DOWNLOAD_ALLOW_ORIGINS).toContain(new URL(sims.urls.replicate).origin);
  });

  it("shares one seed across simulators but lets faults be changed per simulator at run time", async () => {
    const body = JSON.stringify({ models: { "x/y": { faults: { server_error: 1 } } } });
    await fetch(`${sims.urls.replicate}/_sim/faults`, { method: "POST", body, headers: { "content-type": "application/json" } });
    const replicateRules = (await (await fetch(`${sims.urls.replicate}/_sim/faults`)).json()) as { seed: number; models: Record<string, unknown> };
    const falRules = (await (await fetch(`${sims.urls.fal}/_sim/faults`)).json()) as { seed: number; models: Record<string, unknown> };
    expect([replicateRules.seed, falRules.seed]).toEqual([4, 4]);
    expect(Object.keys(replicateRules.models)).toEqual(["x/y"]);
    expect(falRules.models).toEqual({});
  });
});
