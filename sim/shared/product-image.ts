import sharp from "sharp";
import { seededRandom } from "./random";

/** The silhouettes the renderer knows; anything else falls back to a box. */
export type ProductShapeKind = "watch" | "ring" | "shirt" | "mug" | "chair" | "bottle" | "box" | "phone" | "bag" | "shoe";

export interface ProductImageInput {
  seed: number;
  width: number;
  height: number;
  /** 0-based view index: each angle rotates and squashes the object differently. */
  angle: number;
  kind: ProductShapeKind | string;
  format?: "png" | "jpeg";
}

const BACKGROUNDS = [
  ["#f4f1ea", "#d9d3c7"],
  ["#eef3f7", "#c9d6e2"],
  ["#f7efef", "#e0c9c9"],
  ["#ffffff", "#e6e6e6"],
  ["#eef5ec", "#c8dcc3"],
] as const;
const OBJECT_COLOURS = ["#2b4c7e", "#8c2f39", "#3a7d44", "#c28f2c", "#4b3f72", "#1f1f1f", "#b85c38", "#5f7470"];

/** SVG markup for an object centred on (0,0) spanning roughly -100..100 in both axes. */
function shapeSvg(kind: string, colour: string, accent: string): string {
  switch (kind) {
    case "watch":
      return `<rect x="-28" y="-100" width="56" height="200" rx="14" fill="${accent}"/><circle r="62" fill="${colour}"/><circle r="50" fill="#f8f8f8"/><line x1="0" y1="0" x2="0" y2="-36" stroke="#222" stroke-width="5"/><line x1="0" y1="0" x2="26" y2="8" stroke="#222" stroke-width="4"/>`;
    case "ring":
      return `<circle r="70" fill="none" stroke="${colour}" stroke-width="18"/><polygon points="-18,-78 18,-78 28,-100 -28,-100" fill="${accent}"/>`;
    case "shirt":
      return `<path d="M-40,-90 L-100,-55 L-78,-10 L-58,-22 L-58,95 L58,95 L58,-22 L78,-10 L100,-55 L40,-90 Q0,-60 -40,-90 Z" fill="${colour}"/>`;
    case "mug":
      return `<rect x="-60" y="-70" width="110" height="140" rx="12" fill="${colour}"/><path d="M50,-35 q50,0 50,35 q0,35 -50,35" fill="none" stroke="${colour}" stroke-width="16"/><rect x="-60" y="-70" width="110" height="14" fill="${accent}"/>`;
    case "chair":
      return `<rect x="-55" y="-100" width="110" height="90" rx="10" fill="${colour}"/><rect x="-65" y="-12" width="130" height="30" rx="8" fill="${accent}"/><rect x="-60" y="18" width="14" height="82" fill="${colour}"/><rect x="46" y="18" width="14" height="82" fill="${colour}"/>`;
    case "bottle":
      return `<rect x="-18" y="-100" width="36" height="40" rx="6" fill="${accent}"/><path d="M-18,-60 Q-50,-40 -50,0 L-50,90 Q-50,100 -40,100 L40,100 Q50,100 50,90 L50,0 Q50,-40 18,-60 Z" fill="${colour}"/><rect x="-50" y="10" width="100" height="44" fill="#fafafa" opacity="0.85"/>`;
    case "phone":
      return `<rect x="-52" y="-100" width="104" height="200" rx="16" fill="#111"/><rect x="-44" y="-86" width="88" height="172" rx="6" fill="${colour}"/>`;
    case "bag":
      return `<path d="M-40,-50 Q-40,-100 0,-100 Q40,-100 40,-50" fill="none" stroke="${accent}" stroke-width="10"/><rect x="-80" y="-50" width="160" height="140" rx="14" fill="${colour}"/>`;
    case "shoe":
      return `<path d="M-100,40 L-100,-20 Q-60,-30 -40,-70 L0,-70 Q10,-20 60,-5 Q100,5 100,40 Z" fill="${colour}"/><rect x="-100" y="40" width="200" height="18" rx="6" fill="${accent}"/>`;
    default:
      return `<rect x="-80" y="-80" width="160" height="160" rx="8" fill="${colour}"/><polygon points="-80,-80 -40,-110 120,-110 80,-80" fill="${accent}"/><polygon points="80,-80 120,-110 120,50 80,80" fill="${accent}" opacity="0.8"/>`;
  }
}

/**
 * Renders a synthetic product photo: a recognisable object silhouette with a soft shadow on a
 * gradient background. Deterministic in (seed, angle, kind, size), so a lazily rendered image is
 * byte-identical every time it is regenerated.
 */
export async function renderProductImage(input: ProductImageInput): Promise<Buffer> {
  const { width, height, angle, kind } = input;
  const random = seededRandom(input.seed);
  const [backgroundTop, backgroundBottom] = random.pick(BACKGROUNDS);
  const colour = random.pick(OBJECT_COLOURS);
  const accent = random.pick(OBJECT_COLOURS.filter((c) => c !== colour));
  const scale = (Math.min(width, height) / 260) * (0.9 + random.next() * 0.2);
  // Each angle: a rotation plus a horizontal squash that reads as a turned object.
  const rotation = ((angle * 37) % 60) - 30 + random.int(-5, 5);
  const squash = 1 - ((angle * 0.18) % 0.5);
  const cx = width / 2;
  const cy = height / 2;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
  <defs><linearGradient id="bg" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${backgroundTop}"/><stop offset="1" stop-color="${backgroundBottom}"/></linearGradient></defs>
  <rect width="100%" height="100%" fill="url(#bg)"/>
  <ellipse cx="${cx}" cy="${cy + 105 * scale}" rx="${90 * scale * squash}" ry="${14 * scale}" fill="#000" opacity="0.18"/>
  <g transform="translate(${cx} ${cy}) scale(${scale * squash} ${scale}) rotate(${rotation})">${shapeSvg(kind, colour, accent)}</g>
</svg>`;
  const image = sharp(Buffer.from(svg));
  return input.format === "jpeg" ? image.jpeg({ quality: 85 }).toBuffer() : image.png().toBuffer();
}
