/**
 * Provider callbacks on /webhooks/providers/:provider (the engine's handler, with the real
 * Replicate and fal adapters against their simulators): forged, tampered, stale, future-dated and
 * replayed signatures are refused with 401 before anything is looked up or completed; unknown
 * providers, wrong methods and oversized bodies are refused too.
 */
import { createHash, generateKeyPairSync, randomBytes, randomUUID, sign } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import type { EngineContext } from "../../app/engine/context";
import { handleProviderWebhook } from "../../app/engine/webhooks.server";
import { createFalProvider } from "../../app/providers/fal/client";
import { createOpenAIProvider } from "../../app/providers/openai/client";
import { createReplicateProvider } from "../../app/providers/replicate/client";
import { startFalSim, type FalSim } from "../../sim/fal/server";
import { signStandardWebhook } from "../../sim/faults/standard-webhook";
import { startReplicateSim, type ReplicateSim } from "../../sim/replicate/server";
import { createTestContext, type TestContext } from "../support/harness";
import { fromResponse, hostileSuite, reportHostileTally, type HostileCase } from "./support/hostile";
import { sideEffects } from "./support/side-effects";

let test: TestContext;
let replicate: ReplicateSim;
let fal: FalSim;
let ctx: EngineContext;
const OPENAI_SECRET = `whsec_${randomBytes(24).toString("base64")}`;

beforeAll(async () => {
  test = await createTestContext();
  replicate = await startReplicateSim();
  fal = await startFalSim();
  ctx = {
    ...test.ctx,
    providers: {
      replicate: createReplicateProvider({ apiToken: "r8_test", baseUrl: `${replicate.url}/v1` }),
      fal: createFalProvider({ apiKey: "fal-test", baseUrl: fal.url, jwksUrl: fal.jwksUrl }),
      openai: createOpenAIProvider({ apiKey: "sk-test", baseUrl: "http://127.0.0.1:9/v1", webhookSecret: OPENAI_SECRET }),
    },
  } as EngineContext;
});
afterAll(async () => {
  await replicate?.close();
  await fal?.close();
  await test?.cleanup();
});
reportHostileTally(import.meta.filename);

const now = () => Math.floor(Date.now() / 1000);
const post = async (provider: string, body: string, headers: Record<string, string>, method = "POST") =>
  fromResponse(
    await handleProviderWebhook(
      ctx,
      provider,
      new Request(`http://127.0.0.1:9/webhooks/providers/${provider}?generation=g1&attempt=1`, {
        method,
        headers: { "content-type": "application/json", ...headers },
        body: method === "GET" ? undefined : body,
      }),
    ),
  );

const prediction = (id = `p${randomBytes(6).toString("hex")}`) => JSON.stringify({ id, status: "succeeded", output: ["http://169.254.169.254/latest/meta-data"] });
const falResult = (requestId: string) => JSON.stringify({ request_id: requestId, status: "OK", payload: { images: [{ url: "file:///etc/passwd" }] } });

/** fal headers signed with a key fal never published. */
function signedByStranger(requestId: string, body: string): Record<string, string> {
  const { privateKey } = generateKeyPairSync("ed25519");
  const message = [requestId, "glint-sim-user", String(now()), createHash("sha256").update(body).digest("hex")].join("\n");
  return { ...fal.signWebhook(requestId, body), "x-fal-webhook-signature": sign(null, Buffer.from(message), privateKey).toString("hex") };
}

/** A genuine delivery (verified, then 404: no such job here) whose exact copy is the attack. */
function replayCase(provider: "replicate" | "fal" | "openai", build: () => { body: string; headers: Record<string, string> }): HostileCase {
  let delivery: { body: string; headers: Record<string, string> } | undefined;
  return {
    name: `${provider}: replay of an accepted delivery`,
    status: 401,
    setup: async () => {
      delivery = build();
      const first = await post(provider, delivery.body, delivery.headers);
      if (first.status === 401) throw new Error(`genuine delivery refused: ${first.message}`);
    },
    attack: () => post(provider, delivery!.body, delivery!.headers),
  };
}

const replicateSigned = (body: string, timestamp = now(), secret = replicate.webhookSecret) => signStandardWebhook(secret, `msg_${randomUUID()}`, body, timestamp);
const openaiEvent = () => JSON.stringify({ id: `evt_${randomUUID()}`, type: "video.completed", created_at: now(), data: { id: `video_${randomUUID()}` } });

const cases: HostileCase[] = [
  { name: "replicate: no signature headers", status: 401, attack: () => post("replicate", prediction(), {}) },
  { name: "replicate: signed with another secret", status: 401, attack: () => { const b = prediction(); return post("replicate", b, replicateSigned(b, now(), `whsec_${randomBytes(32).toString("base64")}`)); } },
  { name: "replicate: body changed after signing", status: 401, attack: () => post("replicate", prediction(), replicateSigned(prediction())) },
  { name: "replicate: stale timestamp (10 min)", status: 401, attack: () => { const b = prediction(); return post("replicate", b, replicateSigned(b, now() - 600)); } },
  { name: "replicate: timestamp 10 min in the future", status: 401, attack: () => { const b = prediction(); return post("replicate", b, replicateSigned(b, now() + 600)); } },
  { name: "replicate: unknown signature scheme (v2)", status: 401, attack: () => { const b = prediction(); const h = replicateSigned(b); return post("replicate", b, { ...h, "webhook-signature": h["webhook-signature"].replace(/^v1,/, "v2,") }); } },
  { name: "replicate: correctly signed body that is not JSON", status: 401, attack: () => post("replicate", "not json", replicateSigned("not json")) },
  replayCase("replicate", () => { const body = prediction(); return { body, headers: replicateSigned(body) }; }),
  { name: "fal: no signature headers", status: 401, attack: () => post("fal", falResult("r1"), {}) },
  { name: "fal: random signature", status: 401, attack: () => { const b = falResult("r2"); return post("fal", b, { ...fal.signWebhook("r2", b), "x-fal-webhook-signature": randomBytes(64).toString("hex") }); } },
  { name: "fal: signed with a key fal never published", status: 401, attack: () => { const b = falResult("r3"); return post("fal", b, signedByStranger("r3", b)); } },
  { name: "fal: body changed after signing", status: 401, attack: () => post("fal", falResult("r4"), fal.signWebhook("r4", falResult("other"))) },
  { name: "fal: stale timestamp (10 min)", status: 401, attack: () => { const b = falResult("r5"); return post("fal", b, fal.signWebhook("r5", b, now() - 600)); } },
  { name: "fal: request id in header and body differ", status: 401, attack: () => { const b = falResult("victim-job"); return post("fal", b, { ...fal.signWebhook("attacker-job", b) }); } },
  { name: "fal: signature that is not hex", status: 401, attack: () => { const b = falResult("r6"); return post("fal", b, { ...fal.signWebhook("r6", b), "x-fal-webhook-signature": "zz-not-hex" }); } },
  replayCase("fal", () => { const id = `r-${randomUUID()}`; const body = falResult(id); return { body, headers: fal.signWebhook(id, body) }; }),
  { name: "openai: signed with another secret", status: 401, attack: () => { const b = openaiEvent(); return post("openai", b, signStandardWebhook(`whsec_${randomBytes(24).toString("base64")}`, `msg_${randomUUID()}`, b)); } },
  { name: "openai: stale timestamp (10 min)", status: 401, attack: () => { const b = openaiEvent(); return post("openai", b, signStandardWebhook(OPENAI_SECRET, `msg_${randomUUID()}`, b, now() - 600)); } },
  { name: "unknown provider", status: 404, attack: () => post("evil-provider", prediction(), {}) },
  { name: "provider name __proto__", status: 404, attack: () => post("__proto__", prediction(), {}) },
  { name: "GET instead of POST", status: 405, attack: () => post("replicate", "", {}, "GET") },
  { name: "2 MB body", status: 413, attack: () => { const b = JSON.stringify({ id: "p", pad: "x".repeat(2 * 1024 * 1024) }); return post("replicate", b, replicateSigned(b)); } },
];

hostileSuite("provider webhook signatures", cases, { sideEffects: () => sideEffects(test.ctx, test.env.STORAGE_DIR) });
