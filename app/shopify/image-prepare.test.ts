import { describe, expect, it } from "vitest";
import { fitWithinShopifyLimits, SHOPIFY_MAX_PIXELS, SHOPIFY_MAX_SIDE } from "./image-prepare.server";

describe("fitWithinShopifyLimits", () => {
  it("leaves an image within the limits untouched", () => {
    expect(fitWithinShopifyLimits(2048, 2048)).toEqual({ width: 2048, height: 2048 });
  });

  it("scales the long side down to 4472 px keeping the aspect ratio", () => {
    expect(fitWithinShopifyLimits(6000, 4000)).toEqual({ width: 4472, height: 2981 });
    expect(fitWithinShopifyLimits(1000, 9000)).toEqual({ width: 496, height: 4472 });
  });

  it("never exceeds 20 megapixels or 4472 px a side", () => {
    for (const [w, h] of [[8000, 8000], [4473, 4473], [12000, 5000]]) {
      const out = fitWithinShopifyLimits(w, h);
      expect(out.width * out.height).toBeLessThanOrEqual(SHOPIFY_MAX_PIXELS);
      expect(Math.max(out.width, out.height)).toBeLessThanOrEqual(SHOPIFY_MAX_SIDE);
    }
  });
});
