/**
 * The gate every provider output passes before a merchant can see it: real format by magic
 * bytes, the kind the model promised, a complete decode, size and shape, not blank, not flagged
 * NSFW, and, for product images, still the merchant's product. Throws OutputRejected with a code
 * and a plain sentence; returns the facts recorded on the Asset.
 */
import { createHash } from "node:crypto";
import { productFidelity, type FidelityJudge } from "./fidelity";
import { checkImage, type ImageExpectations } from "./image-checks";
import { OutputRejected } from "./rejection";
import { sniffMedia } from "./sniff";
import { checkVideo, type VideoExpectations, type VideoTools } from "./video-checks";

export interface OutputExpectations extends ImageExpectations, VideoExpectations {
  kind: "image" | "video";
  /** Content-Type the server declared, compared with the sniffed type. */
  declaredContentType?: string;
  /** Provider flagged the output as NSFW. */
  nsfw?: boolean;
  maxBytes?: number;
  /** The product's source image: when given (image outputs), fidelity is checked against it. */
  original?: Buffer;
  fidelityThreshold?: number;
  judge?: FidelityJudge;
  videoTools?: VideoTools;
}

export interface ValidatedOutput {
  mime: string;
  ext: string;
  kind: "image" | "video";
  bytes: number;
  sha256: string;
  width: number;
  height: number;
  durationMs?: number;
  fidelityScore?: number;
}

export async function validateOutput(bytes: Buffer, expect: OutputExpectations): Promise<ValidatedOutput> {
  if (expect.nsfw) throw new OutputRejected("nsfw", "The provider flagged the result as unsuitable");
  if (bytes.length > (expect.maxBytes ?? 200 * 1024 * 1024)) throw new OutputRejected("too_large", "The file is too large");
  const sniffed = sniffMedia(bytes);
  if (!sniffed) throw new OutputRejected("unrecognised_format", "The result is not an image or video file");
  if (sniffed.kind !== expect.kind) throw new OutputRejected("wrong_kind", `Expected ${expect.kind === "image" ? "an image" : "a video"}, got ${sniffed.mime}`);
  const declared = expect.declaredContentType?.split(";")[0].trim().toLowerCase();
  if (declared && declared !== "application/octet-stream" && !declared.startsWith(`${sniffed.kind}/`)) {
    throw new OutputRejected("content_type_mismatch", `The file was served as ${declared} but contains ${sniffed.mime}`);
  }
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const base = { mime: sniffed.mime, ext: sniffed.ext, kind: sniffed.kind, bytes: bytes.length, sha256 };
  if (sniffed.kind === "video") {
    const video = await checkVideo(bytes, expect, expect.videoTools);
    return { ...base, width: video.width, height: video.height, durationMs: video.durationMs };
  }
  const image = await checkImage(bytes, expect);
  if (!expect.original) return { ...base, width: image.width, height: image.height };
  const fidelity = await productFidelity(expect.original, bytes, { threshold: expect.fidelityThreshold, judge: expect.judge });
  if (!fidelity.passed) {
    throw new OutputRejected("product_altered", "The product in the result does not match your product", fidelity.score);
  }
  return { ...base, width: image.width, height: image.height, fidelityScore: fidelity.score };
}
