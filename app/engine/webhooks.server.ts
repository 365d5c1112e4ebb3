/**
 * Provider callbacks. The adapter verifies the signature and freshness; the delivery id is
 * de-duplicated in Redis; the generation and attempt come from the callback URL we issued (and
 * must agree with the job id recorded for that attempt), or, failing that, from the job id.
 * The completion itself is idempotent, so a delivery racing its poll finishes the attempt once.
 * Answers fast: the heavy work (download, validation) runs in a job.
 */
import { isProviderError, type ProviderName } from "../providers/types";
import { currentAttempt, parseAttempts } from "./attempts";
import { completeAttempt } from "./completion.server";
import type { EngineContext } from "./context";

const MAX_BODY_BYTES = 1024 * 1024;
const DELIVERY_TTL_SECONDS = 7 * 24 * 3600;

export async function handleProviderWebhook(ctx: EngineContext, providerName: string, request: Request): Promise<Response> {
  if (request.method !== "POST") return new Response("Method not allowed", { status: 405 });
  const provider = Object.hasOwn(ctx.providers, providerName) ? ctx.providers[providerName as ProviderName] : undefined;
  if (!provider) return new Response("Unknown provider", { status: 404 });
  const body = await request.text();
  if (Buffer.byteLength(body) > MAX_BODY_BYTES) return new Response("Payload too large", { status: 413 });

  let verified;
  try {
    verified = await provider.verifyWebhook({ headers: request.headers, body });
  } catch (error) {
    if (isProviderError(error) && error.code === "webhook_invalid") {
      ctx.log.warn({ provider: providerName, reason: error.message }, "provider webhook rejected");
      return new Response("Invalid signature", { status: 401 });
    }
    throw error;
  }
  const { job } = verified;
  const target = await findAttempt(ctx, providerName as ProviderName, new URL(request.url), job.jobId);
  if (!target) {
    // Unknown job (e.g. its start has not been recorded yet): let the provider retry; polling covers it too.
    return new Response("Unknown job", { status: 404 });
  }
  const terminal = job.state === "succeeded" || job.state === "failed" || job.state === "cancelled";
  if (terminal) {
    const deliveryKey = `${ctx.env.REDIS_PREFIX}:webhook:${providerName}:${verified.deliveryId}`;
    const first = await ctx.redis.set(deliveryKey, "1", "EX", DELIVERY_TTL_SECONDS, "NX");
    if (first !== "OK") return Response.json({ ok: true, duplicate: true });
    let result;
    try {
      result = await completeAttempt(ctx, { generationId: target.generationId, attempt: target.attempt, job, via: "webhook" });
    } catch (error) {
      await ctx.redis.del(deliveryKey); // the provider's retry must not be taken for a duplicate
      throw error;
    }
    ctx.log.info({ provider: providerName, generationId: target.generationId, attempt: target.attempt, result }, "provider webhook");
    return Response.json({ ok: true, result });
  }
  return Response.json({ ok: true, result: "not_finished" });
}

async function findAttempt(
  ctx: EngineContext,
  provider: ProviderName,
  url: URL,
  providerJobId: string,
): Promise<{ generationId: string; attempt: number } | undefined> {
  const generationId = url.searchParams.get("generation");
  const attempt = Number(url.searchParams.get("attempt"));
  if (generationId && Number.isInteger(attempt) && attempt > 0) {
    const generation = await ctx.db.generation.findUnique({ where: { id: generationId }, select: { attempts: true } });
    const record = generation ? parseAttempts(generation.attempts).find((a) => a.n === attempt && a.outcome !== "skipped") : undefined;
    if (record && record.provider === provider && (!record.providerJobId || record.providerJobId === providerJobId)) {
      return { generationId, attempt };
    }
    return undefined;
  }
  const generation = await ctx.db.generation.findFirst({ where: { providerJobId, provider }, select: { id: true, attempts: true } });
  const current = generation ? currentAttempt(parseAttempts(generation.attempts)) : undefined;
  return generation && current?.providerJobId === providerJobId ? { generationId: generation.id, attempt: current.n } : undefined;
}
