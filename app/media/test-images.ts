/**
 * Test fixtures built from real rendered product photos: the same product placed in a new scene,
 * cut out, recoloured (a different product) or replaced. Used by the media and engine tests.
 */
import sharp from "sharp";
import { renderProductImage } from "../../sim/shared/product-image";

export function productPhoto(kind = "mug", seed = 7, size = 512): Promise<Buffer> {
  return renderProductImage({ seed, width: size, height: size, angle: 0, kind });
}

type PixelEdit = (rgb: [number, number, number], isProduct: boolean, y: number) => [number, number, number, number] | undefined;

/** Rewrites pixels, telling the edit which ones are product (far from the row's left-edge colour). */
async function editPixels(photo: Buffer, edit: PixelEdit): Promise<Buffer> {
  const { data, info } = await sharp(photo).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const out = Buffer.from(data);
  for (let i = 0; i < out.length; i += 4) {
    const edge = i - (i % (info.width * 4));
    const rgb: [number, number, number] = [out[i], out[i + 1], out[i + 2]];
    const product = Math.abs(rgb[0] - data[edge]) + Math.abs(rgb[1] - data[edge + 1]) + Math.abs(rgb[2] - data[edge + 2]) > 60;
    const next = edit(rgb, product, Math.floor(i / 4 / info.width) / info.height);
    if (next) [out[i], out[i + 1], out[i + 2], out[i + 3]] = next;
  }
  return sharp(out, { raw: { width: info.width, height: info.height, channels: 4 } }).png().toBuffer();
}

/** Same product, new background: a darker-towards-the-floor gradient of another colour. */
export const newScene = (photo: Buffer) =>
  editPixels(photo, ([, ,], product, y) => (product ? undefined : [Math.round(120 * (1 - 0.3 * y)), Math.round(170 * (1 - 0.3 * y)), Math.round(140 * (1 - 0.3 * y)), 255]));

/** Background made transparent. */
export const cutOut = (photo: Buffer) => editPixels(photo, (rgb, product) => (product ? undefined : [...rgb, 0]));

/** Same silhouette, different colours: not the merchant's product any more. */
export const recoloured = (photo: Buffer) => editPixels(photo, ([r, g, b], product) => (product ? [b, 255 - r, g, 255] : undefined));

export const solidImage = (colour: string, size = 512) => sharp({ create: { width: size, height: size, channels: 3, background: colour } }).png().toBuffer();
