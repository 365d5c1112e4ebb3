/**
 * The engine's prompt step with a merchant-written prompt: it replaces the versioned template, is
 * recorded on the Generation (prompt + promptVersion "merchant-edit") and is exactly what the
 * provider receives; requests without one keep the template.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAttempts } from "../../app/engine/attempts";
import { MERCHANT_PROMPT_VERSION } from "../../app/intelligence/merchant-prompt";
import { startEngineHarness, type EngineHarness } from "./engine-harness";
import { testRegistry } from "./engine-registry";

let h: EngineHarness;
beforeAll(async () => {
  h = await startEngineHarness({ registry: testRegistry() });
});
afterAll(() => h?.close());

/** The prediction as Replicate reports it (GET /v1/predictions/{id}), input included. */
async function predictionInput(jobId: string): Promise<{ prompt?: string }> {
  const response = await fetch(`${h.replicate.url}/v1/predictions/${jobId}`, { headers: { Authorization: "Bearer test" } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { input: { prompt?: string } }).input;
}

describe("a merchant's own prompt", () => {
  it("is what the model is asked for, recorded as a merchant edit", async () => {
    const prompt = "The mug on a walnut desk beside a notebook, soft morning light";
    const { generations } = await h.request({ productIds: ["gid://shopify/Product/301"], products: [h.product("mug", 301)], style: "lifestyle", modelId: "flux-2-pro", prompt });
    const done = await h.waitFor(generations[0].id);
    expect(done.status).toBe("ready_for_review");
    expect(done).toMatchObject({ prompt, promptVersion: MERCHANT_PROMPT_VERSION });
    const attempt = parseAttempts(done.attempts)[0];
    expect((await predictionInput(attempt.providerJobId!)).prompt).toBe(prompt);
  });

  it("leaves requests without one on the versioned template", async () => {
    const { generations } = await h.request({ productIds: ["gid://shopify/Product/302"], products: [h.product("mug", 302)], style: "lifestyle", modelId: "flux-2-pro" });
    const done = await h.waitFor(generations[0].id);
    expect(done.promptVersion).toMatch(/^lifestyle@\d+$/);
    expect(done.prompt).toBeTruthy();
    expect((await predictionInput(parseAttempts(done.attempts)[0].providerJobId!)).prompt).toBe(done.prompt);
  });
});
