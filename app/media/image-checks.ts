/**
 * Image checks with sharp: the file must decode completely (a truncated or corrupted body fails
 * here even when its header looks right), have a usable size and the requested shape, and must
 * not be blank: all black, all white or one flat colour. A transparent cut-out is judged on a
 * mid-grey backdrop, so an empty cut-out counts as blank.
 */
import sharp, { type Metadata, type Stats } from "sharp";
import { withImageWork } from "./image-work";
import { OutputRejected } from "./rejection";

export interface ImageExpectations {
  /** "16:9", "1:1"… from the request; checked with a tolerance. */
  aspectRatio?: string;
  width?: number;
  height?: number;
  minSide?: number;
}

export interface ImageFacts {
  width: number;
  height: number;
  hasAlpha: boolean;
}

const ASPECT_TOLERANCE = 0.06;
/** Below this channel spread an image is one flat colour (JPEG noise stays above ~2). */
const UNIFORM_STDEV = 4;
const DARK_MEAN = 12;
const LIGHT_MEAN = 243;
const FLAT_STDEV = 10;

export async function checkImage(bytes: Buffer, expect: ImageExpectations = {}): Promise<ImageFacts> {
  let meta: Metadata;
  let stats: Stats;
  try {
    meta = await sharp(bytes, { failOn: "warning" }).metadata();
    // Flattening onto grey decodes every pixel: truncation and corrupt data surface here.
    stats = await withImageWork(() => sharp(bytes, { failOn: "warning" }).flatten({ background: "#808080" }).stats());
  } catch (error) {
    throw new OutputRejected("corrupt", `The image file is damaged and cannot be opened (${(error as Error).message})`);
  }
  const width = meta.autoOrient?.width ?? meta.width ?? 0;
  const height = meta.autoOrient?.height ?? meta.height ?? 0;
  const minSide = expect.minSide ?? 256;
  if (Math.min(width, height) < minSide) {
    throw new OutputRejected("too_small", `The image is only ${width}×${height} pixels`);
  }
  const wanted = targetRatio(expect);
  if (wanted && Math.abs(width / height - wanted) / wanted > ASPECT_TOLERANCE) {
    throw new OutputRejected("aspect_ratio", `The image is ${width}×${height}, not the requested shape`);
  }
  const colour = stats.channels.slice(0, 3);
  const maxStdev = Math.max(...colour.map((c) => c.stdev));
  const means = colour.map((c) => c.mean);
  if (maxStdev < UNIFORM_STDEV) throw new OutputRejected("blank", "The image is a single flat colour");
  if (maxStdev < FLAT_STDEV && Math.max(...means) < DARK_MEAN) throw new OutputRejected("blank", "The image is almost entirely black");
  if (maxStdev < FLAT_STDEV && Math.min(...means) > LIGHT_MEAN) throw new OutputRejected("blank", "The image is almost entirely white");
  return { width, height, hasAlpha: Boolean(meta.hasAlpha) };
}

function targetRatio(expect: ImageExpectations): number | undefined {
  if (expect.aspectRatio) {
    const match = /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(expect.aspectRatio);
    if (match) return Number(match[1]) / Number(match[2]);
  }
  if (expect.width && expect.height) return expect.width / expect.height;
  return undefined;
}
