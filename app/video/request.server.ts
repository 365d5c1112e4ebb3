/**
 * "Make a product video" for one or more products: the merchant picks a camera move, a duration
 * and a shape; the request goes through the generation engine like any image (priced from the
 * registry's video models, credits reserved, one generation per product) with capability
 * image_to_video and the motion preset's current version recorded on the generation. The length
 * asked for is fitted to each model's accepted durations when it runs (registry/durations.ts).
 */
import { UserFacingError } from "../errors";
import { generateForProducts } from "../models/catalog-generations.server";
import type { AdminGraphql } from "../shopify/graphql-client.server";
import { activeMotionVersion, MOTION_PRESETS, type MotionPreset } from "./motion-presets";
import { VIDEO_ASPECT_RATIOS, VIDEO_DURATION_RANGE } from "./video-options";


export interface ProductVideoRequest {
  shopDomain: string;
  productIds: string[];
  motion: MotionPreset;
  durationSeconds: number;
  aspectRatio: string;
  /** The merchant's model choice (e.g. "sora-2"); the image_to_video chain otherwise. */
  modelId?: string;
  autoPublish?: boolean;
}

function invalid(message: string): UserFacingError {
  return new UserFacingError({ code: "invalid_request", httpStatus: 400, message });
}

export async function requestProductVideos(
  ctx: Parameters<typeof generateForProducts>[0],
  admin: AdminGraphql,
  request: ProductVideoRequest,
  signal?: AbortSignal,
) {
  if (!(MOTION_PRESETS as readonly string[]).includes(request.motion)) {
    throw invalid(`Choose a camera move: ${MOTION_PRESETS.map((m) => m.replace("_", " ")).join(", ")}.`);
  }
  const { min, max } = VIDEO_DURATION_RANGE;
  if (!Number.isInteger(request.durationSeconds) || request.durationSeconds < min || request.durationSeconds > max) {
    throw invalid(`A product video lasts ${min} to ${max} seconds.`);
  }
  if (!(VIDEO_ASPECT_RATIOS as readonly string[]).includes(request.aspectRatio)) {
    throw invalid(`Choose a video shape: ${VIDEO_ASPECT_RATIOS.join(", ")}.`);
  }
  return generateForProducts(
    ctx,
    admin,
    {
      shopDomain: request.shopDomain,
      productIds: request.productIds,
      capability: "image_to_video",
      style: "turntable_video",
      modelId: request.modelId,
      autoPublish: request.autoPublish,
      source: "video",
      options: { aspectRatio: request.aspectRatio, durationSeconds: request.durationSeconds, motionPreset: activeMotionVersion(request.motion) },
    },
    signal,
  );
}
