/**
 * Replicate HTTP API simulator (the subset Glint uses), driven by the real `replicate` SDK via
 * `baseUrl: <url>/v1`. Predictions go starting → processing → succeeded / failed / canceled on
 * the shared fault engine's latency; webhooks are signed the Replicate way (webhook-id,
 * webhook-timestamp, webhook-signature = v1,base64(HMAC-SHA256(secret, "id.timestamp.body"))).
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { readJson, requestUrl, sendJson, startHttpServer } from "../shared/http";
import { handleFaultControl } from "../faults/control";
import { FaultEngine, type FaultConfig } from "../faults/engine";
import { FileStore } from "../faults/files";
import { JobRunner, type JobEvent, type SimJob } from "../faults/jobs";
import { signStandardWebhook } from "../faults/standard-webhook";
import { deliverWebhook } from "../faults/webhooks";

export interface ReplicateSimOptions {
  port?: number;
  seed?: number;
  faults?: Partial<FaultConfig>;
  /** Token the API accepts; any non-empty bearer token when unset. */
  apiToken?: string;
  /** Signing secret (whsec_ + base64); generated when unset. */
  webhookSecret?: string;
}

export interface ReplicateSim {
  /** Origin of the simulator; the SDK's baseUrl is `${url}/v1`. */
  url: string;
  webhookSecret: string;
  engine: FaultEngine;
  close(): Promise<void>;
}

const ALL_EVENTS = ["start", "output", "logs", "completed"];
const STATUS = { queued: "starting", running: "processing", succeeded: "succeeded", failed: "failed", cancelled: "canceled" } as const;
const NSFW_MESSAGE = "NSFW content detected. Try running it again, or try a different prompt.";

interface PredictionMeta {
  version: string | null;
  webhook?: string;
  events: string[];
  /** Webhooks of one prediction go out in order. */
  deliveries: Promise<unknown>;
}

export async function startReplicateSim(options: ReplicateSimOptions = {}): Promise<ReplicateSim> {
  const engine = new FaultEngine({ seed: options.seed, ...options.faults });
  const files = new FileStore();
  const webhookSecret = options.webhookSecret ?? `whsec_${randomBytes(32).toString("base64")}`;
  const meta = new Map<string, PredictionMeta>();
  let origin = "";

  const runner = new JobRunner({ engine, files, onEvent: (job, event) => sendWebhook(job, event) });

  function prediction(job: SimJob): Record<string, unknown> {
    const m = meta.get(job.id);
    const status = STATUS[job.status];
    const outputs = job.outputs.map((o) => `${origin}${o.path}`);
    return {
      id: job.id,
      model: job.model.split(":")[0],
      version: m?.version ?? null,
      input: job.input,
      logs: job.startedAt ? "Running model...\n" : "",
      output: job.status === "succeeded" ? (outputs.length === 1 ? outputs[0] : outputs) : null,
      data_removed: false,
      error: job.error ? (job.error.kind === "content_policy" ? NSFW_MESSAGE : `Prediction failed: ${job.error.message}`) : null,
      status,
      source: "api",
      created_at: job.createdAt.toISOString(),
      started_at: job.startedAt?.toISOString() ?? null,
      completed_at: job.completedAt?.toISOString() ?? null,
      urls: {
        get: `${origin}/v1/predictions/${job.id}`,
        cancel: `${origin}/v1/predictions/${job.id}/cancel`,
        web: `${origin}/p/${job.id}`,
      },
      metrics: job.predictTimeMs !== undefined ? { predict_time: job.predictTimeMs / 1000 } : {},
    };
  }

  function sendWebhook(job: SimJob, event: JobEvent): void {
    const m = meta.get(job.id);
    if (!m?.webhook || !m.events.includes(event)) return;
    const url = m.webhook;
    const body = JSON.stringify(prediction(job));
    const id = `msg_${randomBytes(12).toString("hex")}`;
    m.deliveries = m.deliveries.then(() =>
      deliverWebhook({ url, body, copies: job.plan.webhookCopies, sign: (text) => signStandardWebhook(webhookSecret, id, text) }),
    );
  }

  async function createPrediction(req: IncomingMessage, res: ServerResponse, model: string | undefined): Promise<void> {
    const body = await readJson<{ version?: string; input?: unknown; webhook?: string; webhook_events_filter?: string[] }>(req);
    const modelKey = model ?? body.version;
    if (!modelKey) return problem(res, 422, "Invalid version or not permitted", "version is required");
    const input = body.input;
    if (typeof input !== "object" || input === null || Array.isArray(input)) {
      return problem(res, 422, "Input validation failed", "input must be an object");
    }
    const fields = input as Record<string, unknown>;
    if (typeof fields.prompt !== "string" && !Object.values(fields).some((v) => typeof v === "string" && /^(https?|data):/.test(v))) {
      return problem(res, 422, "Input validation failed", "prompt: Required (or an image input)");
    }
    const submission = runner.submit(modelKey, fields);
    if (submission.kind === "hang") return; // never answered; closed when the simulator stops
    if (submission.kind === "server_error") return problem(res, 500, "Internal Server Error", "Something went wrong");
    if (submission.kind === "rate_limit") {
      const s = submission.retryAfterSeconds;
      return problem(res, 429, "Request was throttled", `Request was throttled. Expected available in ${s} second${s === 1 ? "" : "s"}.`, {
        "retry-after": String(s),
      });
    }
    const { job } = submission;
    meta.set(job.id, {
      version: body.version?.includes(":") ? body.version.split(":")[1] : (body.version ?? null),
      webhook: body.webhook,
      events: body.webhook_events_filter?.length ? body.webhook_events_filter : ALL_EVENTS,
      deliveries: Promise.resolve(),
    });
    const wait = preferWaitSeconds(req.headers.prefer as string | undefined);
    const current = wait ? await runner.waitFor(job.id, wait * 1000) : job;
    sendJson(res, 201, prediction(current ?? job));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (await handleFaultControl(engine, req, res)) return;
    if (files.handle(req, res)) return;
    const path = requestUrl(req).pathname;
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    if (!token || (options.apiToken && token !== options.apiToken)) {
      return problem(res, 401, "Unauthenticated", "You did not pass a valid authentication token");
    }
    if (req.method === "POST" && path === "/v1/predictions") return createPrediction(req, res, undefined);
    const byModel = /^\/v1\/models\/([^/]+)\/([^/]+)\/predictions$/.exec(path);
    if (req.method === "POST" && byModel) return createPrediction(req, res, `${byModel[1]}/${byModel[2]}`);
    if (req.method === "GET" && path === "/v1/webhooks/default/secret") return sendJson(res, 200, { key: webhookSecret });
    const one = /^\/v1\/predictions\/([^/]+)(\/cancel)?$/.exec(path);
    if (one) {
      const job = runner.get(one[1]);
      if (!job) return problem(res, 404, "Not found", "The requested resource could not be found.");
      const fault = engine.interfere(job.model);
      if (fault === "hang") return;
      if (fault === "server_error") return problem(res, 503, "Service Unavailable", "Service temporarily unavailable");
      if (one[2] && req.method === "POST") return sendJson(res, 200, prediction(runner.cancel(job.id) ?? job));
      if (!one[2] && req.method === "GET") return sendJson(res, 200, prediction(job));
    }
    problem(res, 404, "Not found", "The requested resource could not be found.");
  }

  const server = await startHttpServer(handle, { port: options.port });
  origin = server.url;
  return {
    url: server.url,
    webhookSecret,
    engine,
    async close() {
      runner.close();
      await server.close();
    },
  };
}

function preferWaitSeconds(prefer: string | undefined): number | undefined {
  const match = /\bwait(?:=(\d+))?/.exec(prefer ?? "");
  if (!match) return undefined;
  return Math.min(60, Math.max(1, Number(match[1] ?? 60)));
}

function problem(res: ServerResponse, status: number, title: string, detail: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { type: "about:blank", title, status, detail }, { ...headers, "content-type": "application/problem+json" });
}
