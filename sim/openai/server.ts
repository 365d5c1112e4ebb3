/**
 * OpenAI API simulator for the real `openai` SDK (`baseURL: <url>/v1`):
 *   POST /v1/chat/completions      vision input + structured outputs (json_schema) → schema-valid answers
 *   POST /v1/images/generations    gpt-image style, b64_json
 *   POST /v1/images/edits          multipart image(s) → background swapped, b64_json
 *   POST /v1/audio/speech          TTS → a real audio file whose length follows the text
 *   POST /v1/videos, GET /v1/videos/{id}, GET /v1/videos/{id}/content, DELETE /v1/videos/{id}  (Sora)
 * Synchronous endpoints wait the engine's sampled latency; faults come from the shared engine.
 * Video webhooks (video.completed / video.failed) are sent when a project webhook is configured.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import sharp from "sharp";
import { parseMultipart, readBody, requestUrl, sendBytes, sendJson, startHttpServer, type MultipartPart } from "../shared/http";
import { hashSeed } from "../shared/random";
import { handleFaultControl } from "../faults/control";
import { FaultEngine, type FaultConfig, type JobPlan } from "../faults/engine";
import { FileStore } from "../faults/files";
import { JobRunner, type SimJob } from "../faults/jobs";
import { loadImage, renderOutput } from "../faults/outputs";
import { signStandardWebhook } from "../faults/standard-webhook";
import { deliverWebhook } from "../faults/webhooks";
import { answerForSchema, cleanText, extractFacts } from "./schema-answer";
import { scriptAnswer } from "./script-answer";
import { checkSpeechRequest, SPEECH_LOG_PATH, synthesiseSpeech, type SpeechRequest } from "./speech";

export interface OpenAISimOptions {
  port?: number;
  seed?: number;
  faults?: Partial<FaultConfig>;
  /** Key the API accepts; any bearer key when unset. */
  apiKey?: string;
  /** Project webhook endpoint for video events, with its signing secret (whsec_…). */
  webhook?: { url: string; secret: string };
}

export interface OpenAISim {
  url: string;
  engine: FaultEngine;
  /** Every accepted /v1/audio/speech request, in order (what was voiced). */
  speechRequests: SpeechRequest[];
  close(): Promise<void>;
}

const SORA_SECONDS = ["4", "8", "12"];
const SAFETY_MESSAGE = "Your request was rejected as a result of our safety system. Your request may contain content that is not allowed by our safety system.";

export async function startOpenAISim(options: OpenAISimOptions = {}): Promise<OpenAISim> {
  const engine = new FaultEngine({ seed: options.seed, ...options.faults });
  const files = new FileStore();
  const deleted = new Set<string>();
  const speechRequests: SpeechRequest[] = [];
  const runner = new JobRunner({
    engine,
    files,
    durationSeconds: (input) => Number(input.seconds ?? 4),
    onEvent: (job, event) => {
      if (event === "completed" && job.status !== "cancelled") sendVideoWebhook(job);
    },
  });

  function sendVideoWebhook(job: SimJob): void {
    if (!options.webhook) return;
    const { url, secret } = options.webhook;
    const id = `evt_${randomBytes(12).toString("hex")}`;
    const body = JSON.stringify({
      id,
      object: "event",
      created_at: Math.floor(Date.now() / 1000),
      type: job.status === "succeeded" ? "video.completed" : "video.failed",
      data: { id: job.id },
    });
    void deliverWebhook({ url, body, copies: job.plan.webhookCopies, sign: (text) => signStandardWebhook(secret, id, text) });
  }

  function video(job: SimJob): Record<string, unknown> {
    const status = { queued: "queued", running: "in_progress", succeeded: "completed", failed: "failed", cancelled: "failed" }[job.status];
    return {
      id: job.id,
      object: "video",
      model: job.model,
      status,
      progress: job.status === "succeeded" ? 100 : job.status === "running" ? 50 : 0,
      created_at: Math.floor(job.createdAt.getTime() / 1000),
      completed_at: job.completedAt ? Math.floor(job.completedAt.getTime() / 1000) : null,
      expires_at: job.completedAt ? Math.floor(job.completedAt.getTime() / 1000) + 3600 : null,
      error: job.error
        ? job.error.kind === "content_policy"
          ? { code: "moderation_blocked", message: SAFETY_MESSAGE }
          : { code: "internal_error", message: job.error.message }
        : null,
      prompt: job.input.prompt ?? null,
      remixed_from_video_id: null,
      seconds: String(job.input.seconds ?? "4"),
      size: String(job.input.size ?? "720x1280"),
    };
  }

  /** Admission, latency and outcome of a synchronous call; returns the plan, or undefined when already answered. */
  async function synchronous(res: ServerResponse, model: string): Promise<JobPlan | undefined> {
    const admission = engine.admit(model);
    if (admission.kind === "hang") return undefined;
    if (admission.kind === "server_error") return void apiError(res, 500, "The server had an error while processing your request. Sorry about that!", "server_error");
    if (admission.kind === "rate_limit") {
      return void apiError(res, 429, `Rate limit reached for ${model}. Please try again in ${admission.retryAfterSeconds}s.`, "requests", "rate_limit_exceeded", {
        "retry-after": String(admission.retryAfterSeconds),
      });
    }
    const plan = engine.planJob(model);
    try {
      if (plan.outcome === "job_hang") return undefined;
      await new Promise((resolve) => setTimeout(resolve, plan.queueMs + plan.runMs));
      if (plan.outcome === "job_failure") return void apiError(res, 500, "The server had an error while processing your request.", "server_error");
      return plan;
    } finally {
      admission.release();
    }
  }

  async function chat(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = JSON.parse((await readBody(req)).toString("utf8") || "{}") as ChatBody;
    if (!body.model || !Array.isArray(body.messages)) return apiError(res, 400, "model and messages are required", "invalid_request_error");
    const plan = await synchronous(res, body.model);
    if (!plan) return;
    const { text, imageUrls } = readMessages(body.messages);
    const image = await imageStats(await loadImage(imageUrls[0]));
    const facts = extractFacts(text, image);
    const format = body.response_format;
    const refused = plan.outcome === "content_policy";
    const content = refused
      ? null
      : format?.type === "json_schema" && format.json_schema?.name === "ugc_script"
        ? JSON.stringify(scriptAnswer(text))
        : format?.type === "json_schema" && format.json_schema?.schema
        ? JSON.stringify(answerForSchema(format.json_schema.schema, facts))
        : format?.type === "json_object"
          ? JSON.stringify({ title: facts.title, category: facts.noun, colour: facts.colour, material: facts.material })
          : `A ${facts.colour} ${facts.noun}${facts.material === "unspecified" ? "" : ` in ${facts.material}`}.`;
    const promptTokens = Math.ceil(text.length / 4) + imageUrls.length * 85;
    const completionTokens = Math.ceil((content ?? "").length / 4);
    sendJson(res, 200, {
      id: `chatcmpl-${randomBytes(12).toString("hex")}`,
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices: [
        {
          index: 0,
          message: { role: "assistant", content, refusal: refused ? "I'm sorry, I can't help with that request." : null, annotations: [] },
          logprobs: null,
          finish_reason: "stop",
        },
      ],
      usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
      system_fingerprint: "fp_glint_sim",
    });
  }

  async function images(req: IncomingMessage, res: ServerResponse, edit: boolean): Promise<void> {
    const raw = await readBody(req);
    let fields: Record<string, string>;
    let input: Buffer | undefined;
    if (edit) {
      const parts = parseMultipart(raw, req.headers["content-type"]);
      fields = Object.fromEntries(parts.filter((p) => !p.filename).map((p) => [p.name, p.data.toString("utf8")]));
      input = parts.find((p: MultipartPart) => p.filename && (p.name === "image" || p.name === "image[]"))?.data;
      if (!input) return apiError(res, 400, "image is required", "invalid_request_error", undefined, {}, "image");
    } else {
      fields = JSON.parse(raw.toString("utf8") || "{}") as Record<string, string>;
    }
    const model = fields.model ?? "gpt-image-1";
    if (!fields.prompt) return apiError(res, 400, "prompt is required", "invalid_request_error", undefined, {}, "prompt");
    // Sora makes 4, 8 or 12 s clips and refuses anything else, spelled as a string.
    if (fields.seconds !== undefined && !SORA_SECONDS.includes(fields.seconds)) {
      return apiError(res, 400, `Invalid value: '${fields.seconds}'. Supported values are: '4', '8', and '12'.`, "invalid_request_error", "invalid_value", {}, "seconds");
    }
    const [width, height] = /^(\d+)x(\d+)$/.exec(fields.size ?? "")?.slice(1).map(Number) ?? [1024, 1024];
    const plan = await synchronous(res, model);
    if (!plan) return;
    if (plan.outcome === "content_policy") return apiError(res, 400, SAFETY_MESSAGE, "image_generation_user_error", "moderation_blocked");
    const file = await renderOutput({
      task: "scene",
      input,
      prompt: fields.prompt,
      seed: hashSeed(fields.prompt),
      width: input ? undefined : width,
      height: input ? undefined : height,
      fault: plan.outputFault,
    });
    sendJson(res, 200, {
      created: Math.floor(Date.now() / 1000),
      data: [{ b64_json: file.bytes.toString("base64") }],
      // A mislabelled output: the bytes are PNG, the answer says otherwise.
      output_format: plan.outputFault === "wrong_content_type" ? "jpeg" : "png",
      size: `${width}x${height}`,
      usage: { input_tokens: Math.ceil(fields.prompt.length / 4), output_tokens: 1056, total_tokens: Math.ceil(fields.prompt.length / 4) + 1056 },
    });
  }

  async function createVideo(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const parts = parseMultipart(await readBody(req), req.headers["content-type"]);
    const fields = Object.fromEntries(parts.filter((p) => !p.filename).map((p) => [p.name, p.data.toString("utf8")]));
    if (!fields.prompt) return apiError(res, 400, "prompt is required", "invalid_request_error", undefined, {}, "prompt");
    // Sora makes 4, 8 or 12 s clips and refuses anything else, spelled as a string.
    if (fields.seconds !== undefined && !SORA_SECONDS.includes(fields.seconds)) {
      return apiError(res, 400, `Invalid value: '${fields.seconds}'. Supported values are: '4', '8', and '12'.`, "invalid_request_error", "invalid_value", {}, "seconds");
    }
    const reference = parts.find((p) => p.name === "input_reference");
    const image = reference?.filename
      ? `data:${reference.contentType ?? "image/png"};base64,${reference.data.toString("base64")}`
      : reference
        ? (JSON.parse(reference.data.toString("utf8")) as { image_url?: string }).image_url
        : undefined;
    const model = fields.model ?? "sora-2";
    const submission = runner.submit(model, { prompt: cleanText(fields.prompt), seconds: fields.seconds ?? "4", size: fields.size ?? "720x1280", image }, `video_${randomBytes(12).toString("hex")}`);
    if (submission.kind === "hang") return;
    if (submission.kind === "server_error") return apiError(res, 500, "The server had an error while processing your request.", "server_error");
    if (submission.kind === "rate_limit") {
      return apiError(res, 429, `Rate limit reached for ${model}.`, "requests", "rate_limit_exceeded", { "retry-after": String(submission.retryAfterSeconds) });
    }
    sendJson(res, 200, video(submission.job));
  }

  async function handleVideo(req: IncomingMessage, res: ServerResponse, id: string, content: boolean): Promise<void> {
    const job = runner.get(id);
    if (!job || deleted.has(id)) return apiError(res, 404, `Video with id '${id}' not found.`, "invalid_request_error", "video_not_found");
    const fault = engine.interfere(job.model);
    if (fault === "hang") return;
    if (fault === "server_error") return apiError(res, 503, "The server is overloaded or not ready yet.", "server_error");
    if (req.method === "DELETE") {
      runner.cancel(id);
      deleted.add(id);
      return sendJson(res, 200, { id, object: "video.deleted", deleted: true });
    }
    if (!content) return sendJson(res, 200, video(job));
    if (job.status !== "succeeded") return apiError(res, 404, "Video is not ready yet, use GET /v1/videos/{video_id} to check status.", "invalid_request_error");
    const file = files.get(job.outputs[0].path);
    if (!file) return apiError(res, 404, "Video content has expired.", "invalid_request_error");
    sendBytes(res, 200, file.bytes, file.contentType);
  }

  async function speech(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const checked = checkSpeechRequest(JSON.parse((await readBody(req)).toString("utf8") || "{}") as Record<string, unknown>);
    if (!checked.ok) return apiError(res, 400, checked.message, "invalid_request_error", "invalid_value", {}, checked.param);
    const plan = await synchronous(res, checked.request.model);
    if (!plan) return;
    speechRequests.push(checked.request);
    const audio = await synthesiseSpeech(checked.request);
    sendBytes(res, 200, audio.bytes, audio.contentType);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (await handleFaultControl(engine, req, res)) return;
    const path = requestUrl(req).pathname;
    if (req.method === "GET" && path === SPEECH_LOG_PATH) return sendJson(res, 200, { requests: speechRequests });
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    if (!token || (options.apiKey && token !== options.apiKey)) {
      return apiError(res, 401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key");
    }
    if (req.method === "POST" && path === "/v1/chat/completions") return chat(req, res);
    if (req.method === "POST" && path === "/v1/images/generations") return images(req, res, false);
    if (req.method === "POST" && path === "/v1/images/edits") return images(req, res, true);
    if (req.method === "POST" && path === "/v1/videos") return createVideo(req, res);
    if (req.method === "POST" && path === "/v1/audio/speech") return speech(req, res);
    const one = /^\/v1\/videos\/(video_[a-z0-9]+)(\/content)?$/.exec(path);
    if (one && (req.method === "GET" || (req.method === "DELETE" && !one[2]))) return handleVideo(req, res, one[1], Boolean(one[2]));
    apiError(res, 404, `Unknown request URL: ${req.method} ${path}.`, "invalid_request_error", "unknown_url");
  }

  const server = await startHttpServer(handle, { port: options.port });
  return {
    url: server.url,
    engine,
    speechRequests,
    async close() {
      runner.close();
      await server.close();
    },
  };
}

interface ChatBody {
  model?: string;
  messages?: Array<{ role: string; content: unknown }>;
  response_format?: { type: string; json_schema?: { name?: string; schema?: Record<string, unknown>; strict?: boolean } };
}

/** All text and image URLs of the conversation, whatever the content shape (string or parts). */
function readMessages(messages: Array<{ content: unknown }>): { text: string; imageUrls: string[] } {
  const texts: string[] = [];
  const imageUrls: string[] = [];
  for (const { content } of messages) {
    if (typeof content === "string") texts.push(content);
    else if (Array.isArray(content)) {
      for (const part of content as Array<{ type?: string; text?: string; image_url?: { url?: string } }>) {
        if (part.type === "text" && part.text) texts.push(part.text);
        if (part.type === "image_url" && part.image_url?.url) imageUrls.push(part.image_url.url);
      }
    }
  }
  return { text: texts.join("\n"), imageUrls };
}

async function imageStats(image: Buffer | undefined) {
  if (!image) return undefined;
  const { width = 1, height = 1 } = await sharp(image).metadata();
  const { channels } = await sharp(image).stats();
  // The product sits in the middle of a product photo; the frame's dominant colour is the backdrop.
  const centre = { left: Math.floor(width * 0.3), top: Math.floor(height * 0.3), width: Math.max(1, Math.floor(width * 0.4)), height: Math.max(1, Math.floor(height * 0.4)) };
  const { dominant } = await sharp(image).extract(centre).stats();
  const brightness = channels.slice(0, 3).reduce((sum, c) => sum + c.mean, 0) / 3;
  return { colour: colourName(dominant.r, dominant.g, dominant.b), brightness, width, height };
}

function colourName(r: number, g: number, b: number): string {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  if (max - min < 24) return max > 200 ? "white" : max < 60 ? "black" : "grey";
  if (r === max) return g > b + 40 ? (g > 150 ? "yellow" : "orange") : b > g + 40 ? "purple" : "red";
  if (g === max) return "green";
  return "blue";
}

function apiError(
  res: ServerResponse,
  status: number,
  message: string,
  type: string,
  code?: string,
  headers: Record<string, string> = {},
  param?: string,
): void {
  sendJson(res, status, { error: { message, type, param: param ?? null, code: code ?? null } }, headers);
}
