/**
 * Posting a generated video to a connected TikTok/YouTube account:
 *   requestPublication  validate, one row per (account, video), enqueue     → queued
 *   uploadPublication   (job social-publish) token, upload, persist ref      → uploading → processing
 *   checkPublication    (job social-status) the platform's processing status → published | failed
 * Every step writes its state before it calls out, and the upload reference (TikTok publish_id,
 * YouTube session URI) is saved before the first byte, so a retried job resumes or waits instead
 * of posting the video a second time.
 */
import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import type { SocialPlatform, VideoPublication } from "@prisma/client";
import type { Db } from "../db.server";
import { UserFacingError } from "../errors";
import type { Queues } from "../jobs/queues";
import { jobId, QUEUE } from "../jobs/queues";
import type { Storage } from "../storage/types";
import { isVideoMime } from "../video/store-limits";
import { markNeedsReconnect, withAccessToken, type AccountsContext } from "./accounts.server";
import { normaliseHashtags } from "./captions";
import { platformClient } from "./clients.server";
import { PLATFORM_NAMES, PublishingError } from "./errors";
import type { VideoPost } from "./platform";

export interface PublishingContext extends AccountsContext {
  queues: Queues;
  storage: Storage;
}

export const SOCIAL_PUBLISH_JOB = "social-publish";
export const SOCIAL_STATUS_JOB = "social-status";

export interface PublicationJobData {
  shop: string;
  publicationId: string;
}

/** Give up on a post still processing after this many status checks (about two hours at the cap). */
const MAX_STATUS_CHECKS = 150;
const MAX_POLL_MS = 60_000;

export interface PublishRequest {
  shopId: string;
  shop: string;
  generationId: string;
  platform: SocialPlatform;
  title: string;
  description?: string;
  hashtags?: string | string[];
  productUrl?: string;
}

const invalid = (message: string) => new UserFacingError({ code: "invalid_publication", message, httpStatus: 422 });

/**
 * Queues a post of the generation's video. The same video to the same account is posted once:
 * asking again answers the existing publication (a failed one is tried again with the new text).
 */
export async function requestPublication(ctx: PublishingContext, request: PublishRequest): Promise<VideoPublication> {
  const name = PLATFORM_NAMES[request.platform];
  const generation = await ctx.db.generation.findFirst({ where: { id: request.generationId, shopId: request.shopId } });
  const asset = generation?.outputAssetId ? await ctx.db.asset.findUnique({ where: { id: generation.outputAssetId } }) : null;
  if (!generation || !asset || !isVideoMime(asset.mimeType)) throw invalid("Only a finished product video can be published.");
  const account = await ctx.db.socialAccount.findUnique({ where: { shopId_platform: { shopId: request.shopId, platform: request.platform } } });
  if (!account || account.status === "disconnected") {
    throw new UserFacingError({ code: "not_connected", message: `Connect ${name} in Channels before publishing.`, httpStatus: 409 });
  }
  if (account.status === "needs_reconnect") {
    throw new UserFacingError({ code: "reconnect_required", message: `Reconnect ${name} in Channels: it no longer accepts Glint's access.`, httpStatus: 409 });
  }
  const title = request.title.trim();
  if (!title) throw invalid(request.platform === "youtube" ? "Give the video a title." : "Write a caption for the video.");
  const productUrl = request.productUrl?.trim() || null;
  if (productUrl && !(URL.canParse(productUrl) && /^https?:$/.test(new URL(productUrl).protocol))) throw invalid("The product link must start with https://.");
  const fields = { title, description: request.description?.trim() ?? "", hashtags: normaliseHashtags(request.hashtags ?? []), productUrl };

  const key = { socialAccountId_generationId: { socialAccountId: account.id, generationId: generation.id } };
  let publication = await ctx.db.videoPublication.findUnique({ where: key });
  if (publication && publication.status !== "failed") {
    // Still queued: its job may never have been added (Redis refused it); adding it again is a no-op otherwise.
    if (publication.status === "queued") await enqueueUpload(ctx, request.shop, publication);
    return publication;
  }
  if (publication) {
    // A failed post never went public: start over with a fresh upload. Only one of two racing
    // requests moves it out of failed; the other answers the restarted row.
    const restarted = await ctx.db.videoPublication.updateMany({
      where: { id: publication.id, status: "failed" },
      data: { ...fields, status: "queued", uploadRef: null, externalId: null, externalUrl: null, errorCode: null, errorMessage: null, statusChecks: 0 },
    });
    publication = await ctx.db.videoPublication.findUniqueOrThrow({ where: { id: publication.id } });
    if (restarted.count === 0) return publication;
  } else {
    try {
      publication = await ctx.db.videoPublication.create({
        data: { shopId: request.shopId, socialAccountId: account.id, generationId: generation.id, platform: request.platform, ...fields },
      });
    } catch (error) {
      // A double click raced us to the unique (account, video) row: answer the one that won.
      const existing = await ctx.db.videoPublication.findUnique({ where: key });
      if (!existing) throw error;
      return existing;
    }
  }
  await enqueueUpload(ctx, request.shop, publication);
  return publication;
}

async function enqueueUpload(ctx: PublishingContext, shop: string, publication: VideoPublication): Promise<void> {
  await ctx.queues[QUEUE.social].add(
    SOCIAL_PUBLISH_JOB,
    { shop, publicationId: publication.id } satisfies PublicationJobData,
    // The row's updatedAt names this run: a retry after a failure is a new job, a double enqueue is not.
    { jobId: jobId(SOCIAL_PUBLISH_JOB, publication.id, publication.updatedAt.getTime()) },
  );
}

async function readVideo(storage: Storage, key: string): Promise<Buffer> {
  // Whole in memory: TikTok needs the size and chunk count up front, and a product video is bounded by the store's limits.
  const chunks: Buffer[] = [];
  for await (const chunk of (await storage.get(key)) as Readable) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Job social-publish: uploads the video, then hands over to status checks. */
export async function uploadPublication(ctx: PublishingContext, { shop, publicationId }: PublicationJobData, signal?: AbortSignal): Promise<VideoPublication> {
  const publication = await ctx.db.videoPublication.findUniqueOrThrow({ where: { id: publicationId }, include: { generation: true } });
  // Replayed after a crash between "processing" and scheduling its check: schedule it (same id, so never twice).
  if (publication.status === "processing") await scheduleStatusCheck(ctx, shop, publication);
  if (publication.status !== "queued" && publication.status !== "uploading") return publication;
  const asset = await ctx.db.asset.findUniqueOrThrow({ where: { id: publication.generation.outputAssetId ?? "" } });
  await ctx.db.videoPublication.update({ where: { id: publicationId }, data: { status: "uploading" } });
  const video = await readVideo(ctx.storage, asset.storageKey);
  const post: VideoPost = { title: publication.title, description: publication.description, hashtags: publication.hashtags, productUrl: publication.productUrl ?? undefined };
  const client = platformClient(ctx.env, publication.platform);
  let uploadRef = publication.uploadRef ?? undefined;
  const result = await withAccessToken(ctx, publication.socialAccountId, (accessToken) =>
    client.upload({
      accessToken,
      video,
      mimeType: asset.mimeType,
      post,
      uploadRef,
      signal,
      async saveUploadRef(ref) {
        uploadRef = ref;
        await ctx.db.videoPublication.update({ where: { id: publicationId }, data: { uploadRef: ref } });
      },
    }),
  );
  const updated = await ctx.db.videoPublication.update({
    where: { id: publicationId },
    data: { status: "processing", uploadRef: result.uploadRef, externalId: result.externalId ?? null },
  });
  await scheduleStatusCheck(ctx, shop, updated);
  return updated;
}

async function scheduleStatusCheck(ctx: PublishingContext, shop: string, publication: VideoPublication): Promise<void> {
  const first = ctx.env.PUBLISHING_STATUS_POLL_MS;
  await ctx.queues[QUEUE.social].add(
    SOCIAL_STATUS_JOB,
    { shop, publicationId: publication.id } satisfies PublicationJobData,
    {
      // Named by the upload too: a publication published again after a failure starts its checks at 0.
      jobId: jobId(SOCIAL_STATUS_JOB, publication.id, uploadRun(publication.uploadRef), publication.statusChecks),
      delay: Math.min(first * (1 + publication.statusChecks), MAX_POLL_MS),
    },
  );
}

const uploadRun = (uploadRef: string | null) => createHash("sha256").update(uploadRef ?? "").digest("hex").slice(0, 12);

/** Job social-status: one look at the platform's processing status. */
export async function checkPublication(ctx: PublishingContext, { shop, publicationId }: PublicationJobData, signal?: AbortSignal): Promise<VideoPublication> {
  const publication = await ctx.db.videoPublication.findUniqueOrThrow({ where: { id: publicationId }, include: { socialAccount: true } });
  if (publication.status !== "processing" || !publication.uploadRef) return publication;
  const client = platformClient(ctx.env, publication.platform);
  const status = await withAccessToken(ctx, publication.socialAccountId, (accessToken, account) =>
    client.status({ accessToken, uploadRef: publication.uploadRef ?? "", externalId: publication.externalId ?? undefined, handle: account.handle?.replace(/^@/, ""), signal }),
  );
  if (status.state === "published") {
    return ctx.db.videoPublication.update({
      where: { id: publicationId },
      data: { status: "published", externalId: status.externalId, externalUrl: status.url, publishedAt: new Date() },
    });
  }
  if (status.state === "failed") {
    return ctx.db.videoPublication.update({ where: { id: publicationId }, data: { status: "failed", errorCode: status.code, errorMessage: status.message } });
  }
  if (publication.statusChecks + 1 >= MAX_STATUS_CHECKS) {
    const message = `${PLATFORM_NAMES[publication.platform]} is still processing the video after two hours. Check the account on ${PLATFORM_NAMES[publication.platform]}.`;
    return ctx.db.videoPublication.update({ where: { id: publicationId }, data: { status: "failed", errorCode: "processing_timeout", errorMessage: message } });
  }
  const updated = await ctx.db.videoPublication.update({ where: { id: publicationId }, data: { statusChecks: { increment: 1 } } });
  await scheduleStatusCheck(ctx, shop, updated);
  return updated;
}

/**
 * What a publish job does when a step fails: a reconnect error fails the publication and marks the
 * account; a platform refusal that retrying cannot fix (or the last attempt) fails it with the
 * platform's reason; anything else goes back to BullMQ for another attempt. Returns true when the
 * job should retry.
 */
export async function recordPublicationError(ctx: PublishingContext, publicationId: string, error: unknown, lastAttempt: boolean): Promise<boolean> {
  const normalised = error instanceof PublishingError ? error : undefined;
  // Anything unexpected (storage, database) may pass: retried like a platform outage.
  if ((normalised ? normalised.isRetryable : true) && !lastAttempt) return true;
  const publication = await ctx.db.videoPublication.findUnique({ where: { id: publicationId }, include: { socialAccount: true } });
  if (!publication) return false;
  if (normalised?.needsReconnect && publication.socialAccount.status === "connected") {
    await markNeedsReconnect(ctx, publication.socialAccount, normalised.message);
  }
  const name = PLATFORM_NAMES[publication.platform];
  await ctx.db.videoPublication.update({
    where: { id: publicationId },
    data: {
      status: "failed",
      errorCode: normalised?.code ?? "internal",
      errorMessage: normalised?.message ?? `Glint could not publish the video to ${name}. Try again.`,
    },
  });
  ctx.log.warn({ publicationId, platform: publication.platform, code: normalised?.code, platformCode: normalised?.platformCode }, "publication failed");
  return false;
}

/** The shop's publications of some generations, newest first (product page and Channels page). */
export function publicationsOf(db: Db, shopId: string, generationIds?: string[]) {
  return db.videoPublication.findMany({
    where: { shopId, ...(generationIds ? { generationId: { in: generationIds } } : {}) },
    orderBy: { createdAt: "desc" },
    take: 100,
  });
}
