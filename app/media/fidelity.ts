/**
 * Product fidelity: is the product in the output still the merchant's product? Both images are
 * reduced to the product region (pixels far from the background, where the background is read per
 * row from the left and right edges so gradients and new scenes do not count as product; a
 * transparent cut-out uses its alpha), then compared on three signals:
 *   colour   histogram intersection of the product pixels (catches recoloured products)
 *   shape    IoU of the product masks, normalised to their bounding boxes (catches swapped objects)
 *   detail   a difference hash of the product's luminance (catches redrawn labels and patterns)
 * The score is a weighted mean in 0..1. An optional vision-LLM judge can add its own score.
 */
import sharp from "sharp";
import { withImageWork } from "./image-work";

export interface FidelityJudge {
  /** 0..1, or undefined when it cannot decide (the heuristic score then stands alone). */
  score(input: { original: Buffer; output: Buffer }): Promise<number | undefined>;
}

export interface FidelityResult {
  score: number;
  passed: boolean;
  threshold: number;
  parts: { colour: number; shape: number; detail: number; judge?: number };
}

export const DEFAULT_FIDELITY_THRESHOLD = 0.7;
const WEIGHTS = { colour: 0.5, shape: 0.25, detail: 0.25 };
const ANALYSIS_SIDE = 256;
const EDGE = 6;
/** Sum of |ΔR|+|ΔG|+|ΔB| from the row's background above which a pixel is product. */
const FOREGROUND_DISTANCE = 60;
const GRID = 32;
const BINS = 4;

interface ProductRegion {
  /** GRID×GRID occupancy of the product inside its bounding box. */
  shape: Uint8Array;
  /** Normalised BINS³ colour histogram of product pixels. */
  histogram: Float64Array;
  /** 64-bit difference hash of the product's luminance. */
  hash: bigint;
  pixels: number;
}

export async function productFidelity(
  original: Buffer,
  output: Buffer,
  options: { threshold?: number; judge?: FidelityJudge } = {},
): Promise<FidelityResult> {
  const threshold = options.threshold ?? DEFAULT_FIDELITY_THRESHOLD;
  const [a, b] = await Promise.all([productRegion(original), productRegion(output)]);
  const parts: FidelityResult["parts"] =
    a.pixels && b.pixels
      ? { colour: histogramIntersection(a.histogram, b.histogram), shape: iou(a.shape, b.shape), detail: hashSimilarity(a.hash, b.hash) }
      : { colour: 0, shape: 0, detail: 0 };
  let score = WEIGHTS.colour * parts.colour + WEIGHTS.shape * parts.shape + WEIGHTS.detail * parts.detail;
  if (options.judge && a.pixels && b.pixels) {
    const judged = await options.judge.score({ original, output });
    if (judged !== undefined) {
      parts.judge = judged;
      score = (score + judged) / 2;
    }
  }
  score = Math.round(score * 1000) / 1000;
  return { score, passed: score >= threshold, threshold, parts };
}

async function productRegion(bytes: Buffer): Promise<ProductRegion> {
  const { data, info } = await withImageWork(() =>
    sharp(bytes).ensureAlpha().resize(ANALYSIS_SIDE, ANALYSIS_SIDE, { fit: "inside" }).raw().toBuffer({ resolveWithObject: true }),
  );
  const { width, height } = info;
  const mask = foregroundMask(data, width, height);

  let [minX, minY, maxX, maxY, pixels] = [width, height, -1, -1, 0];
  const histogram = new Float64Array(BINS ** 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!mask[y * width + x]) continue;
      const i = (y * width + x) * 4;
      const bin = (c: number) => Math.min(BINS - 1, Math.floor((data[i + c] * BINS) / 256));
      histogram[(bin(0) * BINS + bin(1)) * BINS + bin(2)]++;
      pixels++;
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
    }
  }
  // A few stray pixels are noise, not a product.
  if (pixels < (width * height) / 200) return { shape: new Uint8Array(GRID * GRID), histogram, hash: 0n, pixels: 0 };
  for (let k = 0; k < histogram.length; k++) histogram[k] /= pixels;

  const boxW = maxX - minX + 1;
  const boxH = maxY - minY + 1;
  const shape = new Uint8Array(GRID * GRID);
  for (let gy = 0; gy < GRID; gy++) {
    for (let gx = 0; gx < GRID; gx++) {
      const x = minX + Math.floor(((gx + 0.5) * boxW) / GRID);
      const y = minY + Math.floor(((gy + 0.5) * boxH) / GRID);
      shape[gy * GRID + gx] = mask[y * width + x];
    }
  }
  // Luminance of the product with the background set to mid-grey, sampled 9×8 for a dHash.
  const lum = (x: number, y: number) => {
    const p = y * width + x;
    if (!mask[p]) return 128;
    const i = p * 4;
    return 0.299 * data[i] + 0.587 * data[i + 1] + 0.114 * data[i + 2];
  };
  let hash = 0n;
  for (let gy = 0; gy < 8; gy++) {
    for (let gx = 0; gx < 8; gx++) {
      const y = minY + Math.floor(((gy + 0.5) * boxH) / 8);
      const left = lum(minX + Math.floor((gx * boxW) / 9), y);
      const right = lum(minX + Math.floor(((gx + 1) * boxW) / 9), y);
      hash = (hash << 1n) | (left > right ? 1n : 0n);
    }
  }
  return { shape, histogram, hash, pixels };
}

/** 1 where the pixel is product: opaque and far from its row's background colour. */
function foregroundMask(rgba: Buffer, width: number, height: number): Uint8Array {
  const mask = new Uint8Array(width * height);
  const transparentEdges = edgeAlphaShare(rgba, width, height) > 0.5;
  for (let y = 0; y < height; y++) {
    const background = transparentEdges ? undefined : rowBackground(rgba, width, y);
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      if (rgba[i + 3] < 128) continue;
      if (!background) {
        mask[y * width + x] = 1;
        continue;
      }
      const distance = Math.abs(rgba[i] - background[0]) + Math.abs(rgba[i + 1] - background[1]) + Math.abs(rgba[i + 2] - background[2]);
      mask[y * width + x] = distance > FOREGROUND_DISTANCE ? 1 : 0;
    }
  }
  return mask;
}

/** Median colour of the row's outer EDGE pixels on both sides. */
function rowBackground(rgba: Buffer, width: number, y: number): [number, number, number] {
  const samples: Array<[number, number, number]> = [];
  for (let x = 0; x < Math.min(EDGE, width); x++) {
    for (const xx of [x, width - 1 - x]) {
      const i = (y * width + xx) * 4;
      samples.push([rgba[i], rgba[i + 1], rgba[i + 2]]);
    }
  }
  const median = (c: 0 | 1 | 2) => samples.map((s) => s[c]).sort((p, q) => p - q)[samples.length >> 1];
  return [median(0), median(1), median(2)];
}

function edgeAlphaShare(rgba: Buffer, width: number, height: number): number {
  let transparent = 0;
  let total = 0;
  for (let y = 0; y < height; y++) {
    for (const x of [0, width - 1]) {
      total++;
      if (rgba[(y * width + x) * 4 + 3] < 128) transparent++;
    }
  }
  return transparent / total;
}

function histogramIntersection(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let k = 0; k < a.length; k++) sum += Math.min(a[k], b[k]);
  return sum;
}

function iou(a: Uint8Array, b: Uint8Array): number {
  let both = 0;
  let either = 0;
  for (let k = 0; k < a.length; k++) {
    both += a[k] & b[k];
    either += a[k] | b[k];
  }
  return either ? both / either : 0;
}

function hashSimilarity(a: bigint, b: bigint): number {
  let diff = a ^ b;
  let bits = 0;
  while (diff) {
    bits += Number(diff & 1n);
    diff >>= 1n;
  }
  return 1 - bits / 64;
}
