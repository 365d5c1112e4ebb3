/**
 * What a video's frames must show before a merchant sees it, after app/media has checked the
 * container, codec, full decode and blank frames: sampled frames are judged with the image blank
 * check, the first non-blank one becomes the poster (JPEG), and, when the product's original is
 * given, the product fidelity of the non-blank frames (their mean score) must pass the threshold.
 */
import sharp from "sharp";
import { productFidelity, type FidelityJudge } from "../media/fidelity";
import { checkImage } from "../media/image-checks";
import { OutputRejected } from "../media/rejection";
import type { VideoTools } from "../media/video-checks";
import { sampleFrames } from "./frames.server";

export interface FrameReviewOptions {
  durationMs: number;
  /** The product's source image; fidelity is skipped without it. */
  original?: Buffer;
  fidelityThreshold?: number;
  judge?: FidelityJudge;
  tools?: VideoTools;
}

export interface FrameReview {
  /** First non-blank sampled frame as JPEG. */
  poster: { jpeg: Buffer; width: number; height: number };
  fidelityScore?: number;
}

export async function reviewVideoFrames(video: Buffer, options: FrameReviewOptions): Promise<FrameReview> {
  const frames = await sampleFrames(video, options.durationMs, options.tools);
  const shown: Buffer[] = [];
  for (const frame of frames) {
    try {
      await checkImage(frame.png, { minSide: 1 });
      shown.push(frame.png);
    } catch (error) {
      if (!(error instanceof OutputRejected && error.code === "blank")) {
        throw new OutputRejected("corrupt", "A frame of the video cannot be decoded");
      }
    }
  }
  if (!shown.length) throw new OutputRejected("blank", "The video shows only a blank frame");

  const { data: jpeg, info } = await sharp(shown[0]).jpeg({ quality: 85, mozjpeg: true }).toBuffer({ resolveWithObject: true });
  const poster = { jpeg, width: info.width, height: info.height };
  if (!options.original) return { poster };

  const results = [];
  for (const png of shown) results.push(await productFidelity(options.original, png, { threshold: options.fidelityThreshold, judge: options.judge }));
  const score = Math.round((results.reduce((sum, r) => sum + r.score, 0) / results.length) * 1000) / 1000;
  if (score < results[0].threshold) {
    throw new OutputRejected("product_altered", "The product in the video does not match your product", score);
  }
  return { poster, fidelityScore: score };
}
