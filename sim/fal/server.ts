/**
 * fal simulator for the real `@fal-ai/client`. fal's three hosts are mounted under one origin:
 *   https://queue.fal.run/… → /queue/…   (submit, status, result, cancel; webhooks via ?fal_webhook=)
 *   https://fal.run/…       → /run/…     (synchronous run)
 *   https://rest.fal.ai/…   → /rest/…    (storage uploads)
 * Webhooks are signed with Ed25519 the way fal documents: the signature (hex) covers
 * request id, user id, timestamp and the sha256 hex of the body, joined by newlines; the public
 * key is published as a JWKS at /.well-known/jwks.json.
 */
import { createHash, generateKeyPairSync, randomUUID, sign, type KeyObject } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { readBody, readJson, requestUrl, sendJson, startHttpServer } from "../shared/http";
import { handleFaultControl } from "../faults/control";
import { FaultEngine, type FaultConfig } from "../faults/engine";
import { FileStore } from "../faults/files";
import { JobRunner, isTerminal, type JobEvent, type SimJob } from "../faults/jobs";
import { deliverWebhook } from "../faults/webhooks";

export interface FalSimOptions {
  port?: number;
  seed?: number;
  faults?: Partial<FaultConfig>;
  /** Key the API accepts ("Authorization: Key <key>"); any key when unset. */
  apiKey?: string;
  /** User id sent in X-Fal-Webhook-User-Id. */
  userId?: string;
}

export interface FalSim {
  url: string;
  jwksUrl: string;
  engine: FaultEngine;
  /** For tests that need to forge or replay deliveries. */
  signWebhook(requestId: string, body: string, timestampSeconds?: number): Record<string, string>;
  close(): Promise<void>;
}

const SYNC_WAIT_MS = 120_000;
const POLICY_VIOLATION = {
  detail: [
    {
      loc: ["body", "prompt"],
      msg: "The content could not be processed because it contained material flagged by a content checker.",
      type: "content_policy_violation",
    },
  ],
};

export async function startFalSim(options: FalSimOptions = {}): Promise<FalSim> {
  const engine = new FaultEngine({ seed: options.seed, ...options.faults });
  const files = new FileStore();
  const userId = options.userId ?? "glint-sim-user";
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const kid = createHash("sha256").update(publicKey.export({ format: "der", type: "spki" })).digest("hex").slice(0, 16);
  const webhooks = new Map<string, { url: string; deliveries: Promise<unknown> }>();
  const uploads = new Map<string, { name: string; contentType: string }>();
  let origin = "";

  const runner = new JobRunner({ engine, files, onEvent: (job, event) => sendWebhook(job, event) });
  const signWebhook = (requestId: string, body: string, timestampSeconds = Math.floor(Date.now() / 1000)) =>
    signFal(privateKey, requestId, userId, body, timestampSeconds);

  function resultPayload(job: SimJob): Record<string, unknown> {
    const files = job.outputs.map((o) => ({ url: `${origin}${o.path}`, content_type: o.contentType, file_name: o.path.split("/").pop(), file_size: o.bytes }));
    const seed = typeof job.input.seed === "number" ? job.input.seed : 0;
    if (job.task === "video") return { video: files[0], seed };
    return { images: files, has_nsfw_concepts: files.map(() => false), seed, timings: { inference: (job.predictTimeMs ?? 0) / 1000 } };
  }

  function failureBody(job: SimJob): { status: number; body: unknown } {
    return job.error?.kind === "content_policy"
      ? { status: 422, body: POLICY_VIOLATION }
      : { status: 500, body: { detail: `Internal error: ${job.error?.message ?? "request failed"}` } };
  }

  function statusBody(job: SimJob, appPath: string): Record<string, unknown> {
    const base = `${origin}/queue/${appPath}/requests/${job.id}`;
    const urls = { response_url: base, status_url: `${base}/status`, cancel_url: `${base}/cancel` };
    if (job.status === "queued") return { status: "IN_QUEUE", queue_position: 0, ...urls };
    if (job.status === "running") return { status: "IN_PROGRESS", logs: [], ...urls };
    const failure =
      job.status === "failed"
        ? { error: failureBody(job).body, error_type: job.error?.kind === "content_policy" ? "content_policy_violation" : "runner_error" }
        : job.status === "cancelled"
          ? { error: { detail: "Request was cancelled" }, error_type: "request_cancelled" }
          : {};
    return { status: "COMPLETED", logs: [], metrics: { inference_time: (job.predictTimeMs ?? 0) / 1000 }, ...failure, ...urls };
  }

  function sendWebhook(job: SimJob, event: JobEvent): void {
    const hook = webhooks.get(job.id);
    if (!hook || event !== "completed" || job.status === "cancelled") return;
    const ok = job.status === "succeeded";
    const body = JSON.stringify({
      request_id: job.id,
      gateway_request_id: job.id,
      status: ok ? "OK" : "ERROR",
      ...(ok ? {} : { error: `Invalid status code: ${failureBody(job).status}` }),
      payload: ok ? resultPayload(job) : failureBody(job).body,
    });
    hook.deliveries = hook.deliveries.then(() =>
      deliverWebhook({ url: hook.url, body, copies: job.plan.webhookCopies, sign: (text) => signWebhook(job.id, text) }),
    );
  }

  /** Admission and answer for a new request; returns the job or undefined when already answered. */
  async function submit(req: IncomingMessage, res: ServerResponse, endpointId: string): Promise<SimJob | undefined> {
    const input = await readJson<unknown>(req);
    if (typeof input !== "object" || input === null || Array.isArray(input)) {
      sendJson(res, 422, { detail: [{ loc: ["body"], msg: "Input should be a valid dictionary", type: "dict_type" }] });
      return undefined;
    }
    const fields = input as Record<string, unknown>;
    if (typeof fields.prompt !== "string" && !Object.values(fields).some((v) => typeof v === "string" && /^(https?|data):/.test(v))) {
      sendJson(res, 422, { detail: [{ loc: ["body", "prompt"], msg: "Field required", type: "missing" }] });
      return undefined;
    }
    const submission = runner.submit(endpointId, fields, randomUUID());
    if (submission.kind === "hang") return undefined;
    if (submission.kind === "server_error") {
      sendJson(res, 503, { detail: "Service temporarily unavailable" });
      return undefined;
    }
    if (submission.kind === "rate_limit") {
      sendJson(res, 429, { detail: "Too many concurrent requests" }, { "retry-after": String(submission.retryAfterSeconds) });
      return undefined;
    }
    return submission.job;
  }

  async function handleQueue(req: IncomingMessage, res: ServerResponse, path: string, url: URL): Promise<void> {
    const request = /^([^/]+\/[^/]+)\/requests\/([^/]+)(\/status|\/cancel)?$/.exec(path);
    if (request) {
      const [, appPath, id, action] = request;
      const job = runner.get(id);
      if (!job) return sendJson(res, 404, { detail: "Request not found" });
      const fault = engine.interfere(job.model);
      if (fault === "hang") return;
      if (fault === "server_error") return sendJson(res, 503, { detail: "Service temporarily unavailable" });
      if (action === "/status" && req.method === "GET") return sendJson(res, 200, statusBody(job, appPath));
      if (action === "/cancel" && req.method === "PUT") {
        if (isTerminal(job.status)) return sendJson(res, 400, { status: "ALREADY_COMPLETED" });
        runner.cancel(id);
        return sendJson(res, 202, { status: "CANCELLATION_REQUESTED" });
      }
      if (!action && req.method === "GET") {
        if (!isTerminal(job.status)) return sendJson(res, 400, { detail: "Request is still in progress" });
        if (job.status === "cancelled") return sendJson(res, 400, { detail: "Request was cancelled" });
        if (job.status === "failed") return sendJson(res, failureBody(job).status, failureBody(job).body, { "x-fal-request-id": id });
        return sendJson(res, 200, resultPayload(job), { "x-fal-request-id": id });
      }
    }
    if (req.method !== "POST") return sendJson(res, 405, { detail: "Method not allowed" });
    const job = await submit(req, res, path);
    if (!job) return;
    const webhook = url.searchParams.get("fal_webhook");
    if (webhook) webhooks.set(job.id, { url: webhook, deliveries: Promise.resolve() });
    sendJson(res, 200, { request_id: job.id, gateway_request_id: job.id, ...statusBody(job, path.split("/").slice(0, 2).join("/")) });
  }

  async function handleRun(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (req.method !== "POST") return sendJson(res, 405, { detail: "Method not allowed" });
    const job = await submit(req, res, path);
    if (!job) return;
    const done = await runner.waitFor(job.id, SYNC_WAIT_MS);
    if (!done || !isTerminal(done.status)) return sendJson(res, 504, { detail: "Request timed out" }, { "x-fal-request-timeout-type": "server" });
    if (done.status === "succeeded") return sendJson(res, 200, resultPayload(done), { "x-fal-request-id": done.id });
    sendJson(res, failureBody(done).status, failureBody(done).body, { "x-fal-request-id": done.id });
  }

  async function handleStorage(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (req.method === "POST" && path === "storage/upload/initiate") {
      const body = await readJson<{ content_type?: string; file_name?: string }>(req);
      const token = randomUUID();
      const extension = /\.([a-z0-9]+)$/i.exec(body.file_name ?? "")?.[1] ?? "bin";
      const name = `${token}.${extension}`;
      uploads.set(token, { name, contentType: body.content_type ?? "application/octet-stream" });
      return sendJson(res, 200, { upload_url: `${origin}/rest/storage/upload/${token}`, file_url: `${origin}/files/${name}` });
    }
    const upload = /^storage\/upload\/([^/]+)$/.exec(path);
    if (req.method === "PUT" && upload && uploads.has(upload[1])) {
      const target = uploads.get(upload[1])!;
      uploads.delete(upload[1]);
      files.put({ bytes: await readBody(req), contentType: target.contentType, extension: "" }, target.name);
      return sendJson(res, 200, {});
    }
    sendJson(res, 404, { detail: "Not found" });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (await handleFaultControl(engine, req, res)) return;
    if (files.handle(req, res)) return;
    const url = requestUrl(req);
    if (url.pathname === "/.well-known/jwks.json") {
      return sendJson(res, 200, { keys: [{ ...publicJwk(publicKey), kid, use: "sig", alg: "EdDSA" }] });
    }
    const uploadPut = url.pathname.startsWith("/rest/storage/upload/") && req.method === "PUT";
    const key = /^Key (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    if (!uploadPut && (!key || (options.apiKey && key !== options.apiKey))) {
      return sendJson(res, 401, { detail: "Cannot access application. Authentication is required." });
    }
    const [, host, ...rest] = url.pathname.split("/");
    const path = rest.join("/");
    if (host === "queue") return handleQueue(req, res, path, url);
    if (host === "run") return handleRun(req, res, path);
    if (host === "rest") return handleStorage(req, res, path);
    sendJson(res, 404, { detail: "Not found" });
  }

  const server = await startHttpServer(handle, { port: options.port });
  origin = server.url;
  return {
    url: server.url,
    jwksUrl: `${server.url}/.well-known/jwks.json`,
    engine,
    signWebhook,
    async close() {
      runner.close();
      await server.close();
    },
  };
}

function publicJwk(key: KeyObject): { kty: string; crv: string; x: string } {
  const jwk = key.export({ format: "jwk" });
  return { kty: String(jwk.kty), crv: String(jwk.crv), x: String(jwk.x) };
}

function signFal(privateKey: KeyObject, requestId: string, userId: string, body: string, timestamp: number): Record<string, string> {
  const message = [requestId, userId, String(timestamp), createHash("sha256").update(body).digest("hex")].join("\n");
  return {
    "x-fal-webhook-request-id": requestId,
    "x-fal-webhook-user-id": userId,
    "x-fal-webhook-timestamp": String(timestamp),
    "x-fal-webhook-signature": sign(null, Buffer.from(message), privateKey).toString("hex"),
  };
}
